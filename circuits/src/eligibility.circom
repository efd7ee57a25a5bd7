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
//  - claimAmount <= coverageLimit and policyStart <= now <= policyExpiry;
//  - the proof is bound to evidenceHash (the evidence CID as a field) and the payout recipient.
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

    // Public: what the contract checks against its own state.
    signal input claimAmount;
    signal input now;
    signal input scope;
    signal input evidenceHash;
    signal input recipient;

    signal output root;
    signal output nullifier;

    signal identityCommitment <== Poseidon(1)([secret]);
    signal leaf <== Poseidon(5)([identityCommitment, policyId, coverageLimit, policyStart, policyExpiry]);
    root <== LeanIMTRoot(MAX_DEPTH)(leaf, treeDepth, leafIndex, siblings);
    nullifier <== Poseidon(2)([secret, scope]);

    // Range checks first, so that field wrap-around cannot satisfy the comparisons below.
    _ <== Num2Bits(AMOUNT_BITS())(claimAmount);
    _ <== Num2Bits(AMOUNT_BITS())(coverageLimit);
    _ <== Num2Bits(TIME_BITS())(now);
    _ <== Num2Bits(TIME_BITS())(policyStart);
    _ <== Num2Bits(TIME_BITS())(policyExpiry);

    signal withinCoverage <== LessEqThan(AMOUNT_BITS())([claimAmount, coverageLimit]);
    withinCoverage === 1;
    signal started <== LessEqThan(TIME_BITS())([policyStart, now]);
    started === 1;
    signal notExpired <== LessEqThan(TIME_BITS())([now, policyExpiry]);
    notExpired === 1;

    // evidenceHash and recipient are only bound, not computed on. A quadratic constraint on each
    // keeps them in the constraint system whatever the optimizer does (as Semaphore does).
    signal evidenceSquare <== evidenceHash * evidenceHash;
    signal recipientSquare <== recipient * recipient;
}
