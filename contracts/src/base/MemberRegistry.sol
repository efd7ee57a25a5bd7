// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";

/// @title Issuer-posted member root with a bounded root history
/// @notice The issuer computes the LeanIMT root off-chain and posts it with the new leaves; the leaves
/// go to events only. This costs about 1k gas per member in a batch, where an on-chain Poseidon
/// LeanIMT costs tens of thousands (see bench). The trade: the contract does not check the root, so
/// wallets and watchers rebuild the tree from events and compare (the issuer is trusted to admit
/// members anyway; a wrong root is publicly provable from the logs).
///
/// A proof names the root it was made against. Roots stay valid for `rootWindow` updates, so a
/// claim in flight survives a few admissions; a revoked member's last valid root ages out after that.
abstract contract MemberRegistry is AccessControl, IMemberRegistry {
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    uint32 public constant MAX_ROOT_WINDOW = 1024;

    struct RegistryState {
        uint64 rootSequence;
        uint64 memberCount;
        uint32 rootWindow;
    }

    RegistryState internal _registry;
    /// @dev Sequence number at which a root was posted (0: never). A root posted again gets the newer one.
    mapping(uint256 root => uint64 sequence) internal _rootSequenceOf;
    uint256 public currentRoot;

    constructor(uint32 rootWindow_) {
        _setRootWindow(rootWindow_);
    }

    function addMembers(uint256[] calldata leaves, uint256 newRoot) external onlyRole(ISSUER_ROLE) {
        if (leaves.length == 0) revert EmptyBatch();
        for (uint256 i = 0; i < leaves.length; ++i) {
            if (leaves[i] == 0 || leaves[i] >= EligibilityVerifier.R) revert InvalidLeaf(leaves[i]);
        }
        RegistryState memory state = _registry;
        uint256 firstIndex = state.memberCount;
        state.memberCount += uint64(leaves.length);
        uint64 sequence = _postRoot(state, newRoot);
        emit MembersAdded(firstIndex, leaves, newRoot, sequence);
    }

    /// @notice Revokes a member: their leaf becomes 0 in the tree whose root is `newRoot`.
    function removeMember(uint256 index, uint256 newRoot) external onlyRole(ISSUER_ROLE) {
        RegistryState memory state = _registry;
        if (index >= state.memberCount) revert MemberIndexOutOfRange(index, state.memberCount);
        uint64 sequence = _postRoot(state, newRoot);
        emit MemberRemoved(index, newRoot, sequence);
    }

    function setRootWindow(uint32 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRootWindow(window);
    }

    function isKnownRoot(uint256 root) public view returns (bool) {
        uint64 postedAt = _rootSequenceOf[root];
        RegistryState memory state = _registry;
        return postedAt != 0 && state.rootSequence - postedAt < state.rootWindow;
    }

    function memberCount() external view returns (uint256) {
        return _registry.memberCount;
    }

    function rootWindow() external view returns (uint32) {
        return _registry.rootWindow;
    }

    function _postRoot(RegistryState memory state, uint256 newRoot) private returns (uint64 sequence) {
        if (newRoot == 0 || newRoot >= EligibilityVerifier.R) revert InvalidRoot(newRoot);
        sequence = ++state.rootSequence;
        _registry = state;
        _rootSequenceOf[newRoot] = sequence;
        currentRoot = newRoot;
    }

    function _setRootWindow(uint32 window) private {
        if (window == 0 || window > MAX_ROOT_WINDOW) revert RootWindowOutOfRange(window);
        _registry.rootWindow = window;
        emit RootWindowChanged(window);
    }
}
