// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InternalLeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/InternalLeanIMT.sol";

/// @notice The alternative to an issuer-posted root, kept only to measure it: the contract
/// computes the Poseidon LeanIMT itself (zk-kit's library), so the root needs no trust.
contract OnChainLeanIMT {
    using InternalLeanIMT for LeanIMTData;

    LeanIMTData internal tree;

    function addMembers(uint256[] calldata leaves) external returns (uint256 newRoot) {
        newRoot = tree._insertMany(leaves);
    }

    function addMember(uint256 leaf) external returns (uint256 newRoot) {
        newRoot = tree._insert(leaf);
    }

    function root() external view returns (uint256) {
        return tree._root();
    }
}
