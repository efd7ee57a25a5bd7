pragma circom 2.1.5;

include "poseidon.circom";
include "bitify.circom";
include "comparators.circom";
include "lean_imt_root.circom";

// Bit widths of the range-checked values. Comparators in circomlib are only sound when both
// operands are known to fit in n bits, so every compared value is decomposed first.
// The same widths are enforced off-chain by @mutua/core (AMOUNT_BITS, TIME_BITS).
function AMOUNT_BITS() { return 128; }
function TIME_BITS() { return 64; }

// Proves, without revealing which member is claiming, that:
//  - the member leaf Poseidon(identityCommitment, policyId, coverageLimit, policyStart, policyExpiry)
//    is in the member tree with root `root`, where identityCommitment = Poseidon(secret);
//  - nullifier = Poseidon(secret, scope): one claim per member and scope (chain, contract, incident);
//  - claimAmount <= coverageLimit and policyStart <= occurredAt <= policyExpiry: cover is judged at the
//    time of the loss, which the contract takes from the incident, never from the claimant;
//  - the proof is bound to `binding` = keccak256(evidenceHash, recipient) >> 8, computed by the contract.
//
// Public inputs are few because each costs ~6,150 gas to verify: claimAmount and occurredAt travel packed
// in one (`claim` = claimAmount * 2^64 + occurredAt), and evidence and recipient, which the circuit only
// binds, travel as one hash.
template Eligibility(MAX_DEPTH) {
    // Private: who the member is and what their policy says.
    signal input secret;
    signal input policyId;
    signal input coverageLimit;
    signal input policyStart;
    signal input policyExpiry;
    signal input treeDepth;
    signal input leafIndex;
    signal input siblings[MAX_DEPTH];

    // Public: what the contract computes from its own state and the request.
    signal input claim;
    signal input scope;
    signal input binding;

    signal output root;
    signal output nullifier;

    signal identityCommitment <== Poseidon(1)([secret]);
    signal leaf <== Poseidon(5)([identityCommitment, policyId, coverageLimit, policyStart, policyExpiry]);
    root <== LeanIMTRoot(MAX_DEPTH)(leaf, treeDepth, leafIndex, siblings);
    nullifier <== Poseidon(2)([secret, scope]);

    // Unpacking `claim` into 192 bits range-checks both halves (an n-bit decomposition below the field size
    // is unique), so field wrap-around cannot satisfy the comparisons below.
    signal claimBits[AMOUNT_BITS() + TIME_BITS()] <== Num2Bits(AMOUNT_BITS() + TIME_BITS())(claim);
    var occurred = 0;
    var amount = 0;
    var weight = 1;
    for (var i = 0; i < TIME_BITS(); i++) {
        occurred += claimBits[i] * weight;
        weight += weight;
    }
    weight = 1;
    for (var i = 0; i < AMOUNT_BITS(); i++) {
        amount += claimBits[TIME_BITS() + i] * weight;
        weight += weight;
    }
    signal occurredAt <== occurred;
    signal claimAmount <== amount;

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
