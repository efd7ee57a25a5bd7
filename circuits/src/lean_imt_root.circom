pragma circom 2.1.5;

include "poseidon.circom";
include "bitify.circom";
include "comparators.circom";
include "mux1.circom";

// Root of a LeanIMT (zk-kit's lean incremental Merkle tree) from a leaf and its proof.
//
// A LeanIMT promotes a node that has no right sibling unchanged, so a proof only lists the
// levels where a hash happens: `depth` siblings, the rest padding. The circuit hashes all
// MAX_DEPTH levels and selects the node at level `depth` as the root.
template LeanIMTRoot(MAX_DEPTH) {
    signal input leaf;
    signal input depth;
    signal input index;
    signal input siblings[MAX_DEPTH];
    signal output root;

    // Path directions come from the bits of one index. Num2Bits makes each a boolean: with a
    // free, non-binary selector the mux below could feed any pair into the hash and forge
    // membership for a leaf that is not in the tree.
    signal directions[MAX_DEPTH] <== Num2Bits(MAX_DEPTH)(index);

    signal nodes[MAX_DEPTH + 1];
    nodes[0] <== leaf;
    for (var i = 0; i < MAX_DEPTH; i++) {
        var children[2] = MultiMux1(2)([[nodes[i], siblings[i]], [siblings[i], nodes[i]]], directions[i]);
        nodes[i + 1] <== Poseidon(2)(children);
    }

    // Exactly one level is the root: this also bounds depth to [0, MAX_DEPTH].
    signal isRootLevel[MAX_DEPTH + 1];
    signal picked[MAX_DEPTH + 1];
    var levels = 0;
    var selected = 0;
    for (var i = 0; i <= MAX_DEPTH; i++) {
        isRootLevel[i] <== IsEqual()([depth, i]);
        picked[i] <== isRootLevel[i] * nodes[i];
        levels += isRootLevel[i];
        selected += picked[i];
    }
    levels === 1;
    root <== selected;
}
