pragma circom 2.1.5;

include "poseidon.circom";
include "comparators.circom";
include "lean_imt_root.circom";

// One anonymous ballot: proves, without revealing which leaf, that the voter holds the secret of a leaf
// Poseidon(Poseidon(secret), a, b, c, d, e) in the tree with root `root` (a member leaf with its policy terms;
// an assessor seat is the same shape with zeros), and that:
//  - nullifier = Poseidon(secret, scope): one ballot per voter and scope (chain, contract, proposal or claim);
//  - Poseidon(secret, excludedScope) != excludedNullifier: the voter is not the one whose nullifier for
//    `excludedScope` is `excludedNullifier` (an assessor cannot vote on a claim they filed with the same
//    identity; a proposal passes 0 and 0, which no secret's Poseidon hash equals);
//  - the ballot is bound to `message` (the vote, or a commitment to it), computed by the contract.
// The same small circuit serves member votes on proposals and appeals and assessor votes on claims.
template Vote(MAX_DEPTH) {
    signal input secret;
    signal input leafData[5];
    signal input treeDepth;
    signal input leafIndex;
    signal input siblings[MAX_DEPTH];

    signal input scope;
    signal input message;
    signal input excludedScope;
    signal input excludedNullifier;

    signal output root;
    signal output nullifier;

    signal identityCommitment <== Poseidon(1)([secret]);
    signal leaf <== Poseidon(6)([identityCommitment, leafData[0], leafData[1], leafData[2], leafData[3], leafData[4]]);
    root <== LeanIMTRoot(MAX_DEPTH)(leaf, treeDepth, leafIndex, siblings);
    nullifier <== Poseidon(2)([secret, scope]);

    signal ownNullifier <== Poseidon(2)([secret, excludedScope]);
    signal isExcluded <== IsEqual()([ownNullifier, excludedNullifier]);
    isExcluded === 0;

    // `message` is only bound, not computed on: a quadratic constraint keeps it in the system (as Semaphore does).
    signal messageSquare <== message * message;
}
