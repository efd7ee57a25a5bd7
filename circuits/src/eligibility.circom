pragma circom 2.1.5;

include "poseidon.circom";
include "bitify.circom";
include "comparators.circom";
include "multiplexer.circom";
include "lean_imt_root.circom";

// Bit widths of the range-checked values. Comparators in circomlib are only sound when both
// operands are known to fit in n bits, so every compared value is decomposed first.
// The same widths are enforced off-chain by @mutua/core (AMOUNT_BITS, TIME_BITS, CLASS_BITS).
function AMOUNT_BITS() { return 96; }
function TIME_BITS() { return 64; }
// Narrower inside the public `claim`, so that the nullifier scope fits beside them (CLAIM_AMOUNT_BITS,
// CLAIM_TIME_BITS, NULLIFIER_SCOPE_BITS in @mutua/core).
function CLAIM_AMOUNT_BITS() { return 88; }
function CLAIM_TIME_BITS() { return 40; }
function SCOPE_BITS() { return 86; }
function CLASS_BITS() { return 32; }
function PRODUCT_BITS() { return 6; }
function PRODUCTS() { return 64; }

// Proves, without revealing which member is claiming, that:
//  - the member leaf Poseidon(identityCommitment, policyId, coverageLimit, policyStart, policyExpiry, cover)
//    is in the member tree with root `root`, where identityCommitment = Poseidon(secret) and
//    cover = ratingClass | region << 32 | parametricProducts << 64 (a 64-bit mask);
//  - nullifier = Poseidon(secret, scope), where scope is the claim's nullifier scope (the top 86 bits of
//    keccak256(chain, contract, incident or event) >> 8): one claim per member and incident or event;
//  - claimAmount <= coverageLimit and policyStart <= occurredAt <= policyExpiry: cover is judged at the
//    time of the loss, which the contract takes from the incident, never from the claimant;
//  - an indemnity claim (parametric = 0) discloses the member's rating class and nothing finer; a parametric
//    claim (parametric = 1) discloses the member's region and that the policy holds `product` (not the class);
//  - the proof is bound to `binding` = keccak256(full scope, evidenceHash, recipient) >> 8, computed by the contract.
//
// Public inputs are few because each costs ~6,150 gas to verify: what the contract knows travels packed in
// one (`claim` = occurredAt | claimAmount << 40 | disclosed << 128 | product << 160 | parametric << 166 |
// scope << 167, 253 bits), and the whole scope, evidence and recipient, which the circuit only binds, as one hash.
template Eligibility(MAX_DEPTH) {
    // Private: who the member is and what their policy says.
    signal input secret;
    signal input policyId;
    signal input coverageLimit;
    signal input policyStart;
    signal input policyExpiry;
    signal input cover;
    signal input treeDepth;
    signal input leafIndex;
    signal input siblings[MAX_DEPTH];

    // Public: what the contract computes from its own state and the request.
    signal input claim;
    signal input binding;

    signal output root;
    signal output nullifier;

    signal identityCommitment <== Poseidon(1)([secret]);
    signal leaf <== Poseidon(6)([identityCommitment, policyId, coverageLimit, policyStart, policyExpiry, cover]);
    root <== LeanIMTRoot(MAX_DEPTH)(leaf, treeDepth, leafIndex, siblings);

    // Unpacking `claim` into 253 bits range-checks every part (an n-bit decomposition below the field size,
    // 2^253 < r, is unique), so field wrap-around cannot satisfy the comparisons below.
    var CLAIM_BITS = CLAIM_TIME_BITS() + CLAIM_AMOUNT_BITS() + CLASS_BITS() + PRODUCT_BITS() + 1 + SCOPE_BITS();
    signal claimBits[CLAIM_BITS] <== Num2Bits(CLAIM_BITS)(claim);
    signal occurredAt <== Bits2Num(CLAIM_TIME_BITS())(Slice(CLAIM_BITS, 0, CLAIM_TIME_BITS())(claimBits));
    signal claimAmount <== Bits2Num(CLAIM_AMOUNT_BITS())(Slice(CLAIM_BITS, CLAIM_TIME_BITS(), CLAIM_AMOUNT_BITS())(claimBits));
    var DISCLOSED_AT = CLAIM_TIME_BITS() + CLAIM_AMOUNT_BITS();
    signal disclosed <== Bits2Num(CLASS_BITS())(Slice(CLAIM_BITS, DISCLOSED_AT, CLASS_BITS())(claimBits));
    var PRODUCT_AT = DISCLOSED_AT + CLASS_BITS();
    signal product <== Bits2Num(PRODUCT_BITS())(Slice(CLAIM_BITS, PRODUCT_AT, PRODUCT_BITS())(claimBits));
    signal parametric <== claimBits[PRODUCT_AT + PRODUCT_BITS()];
    signal scope <== Bits2Num(SCOPE_BITS())(Slice(CLAIM_BITS, PRODUCT_AT + PRODUCT_BITS() + 1, SCOPE_BITS())(claimBits));
    nullifier <== Poseidon(2)([secret, scope]);

    var COVER_BITS = 2 * CLASS_BITS() + PRODUCTS();
    signal coverBits[COVER_BITS] <== Num2Bits(COVER_BITS)(cover);
    signal ratingClass <== Bits2Num(CLASS_BITS())(Slice(COVER_BITS, 0, CLASS_BITS())(coverBits));
    signal region <== Bits2Num(CLASS_BITS())(Slice(COVER_BITS, CLASS_BITS(), CLASS_BITS())(coverBits));
    signal productMask[PRODUCTS()] <== Slice(COVER_BITS, 2 * CLASS_BITS(), PRODUCTS())(coverBits);

    // Indemnity: the class is disclosed. Parametric: the region is, and the product must be in the policy.
    disclosed === ratingClass + parametric * (region - ratingClass);
    // Decoder's out[i] is 0 for every i but `product` (its own is 0 or 1): holdsProduct is the mask's bit or 0.
    component isProduct = Decoder(PRODUCTS());
    isProduct.inp <== product;
    signal holdsProduct <== EscalarProduct(PRODUCTS())(isProduct.out, productMask);
    parametric * (1 - holdsProduct) === 0;

    _ <== Num2Bits(AMOUNT_BITS())(coverageLimit);
    _ <== Num2Bits(TIME_BITS())(policyStart);
    _ <== Num2Bits(TIME_BITS())(policyExpiry);

    signal withinCoverage <== LessEqThan(AMOUNT_BITS())([claimAmount, coverageLimit]);
    withinCoverage === 1;
    signal started <== LessEqThan(TIME_BITS())([policyStart, occurredAt]);
    started === 1;
    signal notExpired <== LessEqThan(TIME_BITS())([occurredAt, policyExpiry]);
    notExpired === 1;

    // `binding` is only bound, not computed on. A quadratic constraint keeps it in the constraint system
    // whatever the optimizer does (as Semaphore does).
    signal bindingSquare <== binding * binding;
}

// bits[from .. from + n - 1] of an n-bit array: wires only, no constraints.
template Slice(N, FROM, COUNT) {
    signal input in[N];
    signal output out[COUNT];
    for (var i = 0; i < COUNT; i++) out[i] <== in[FROM + i];
}
