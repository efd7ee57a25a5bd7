// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IMemberRegistry} from "../interfaces/IMemberRegistry.sol";
import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";
import {PremiumPool} from "./PremiumPool.sol";

/// @title Issuer-posted member root with a bounded root history
/// @notice The issuer computes the LeanIMT root off-chain and posts it with the new leaves; the leaves
/// go to events only. This costs about 1k gas per member in a batch, where an on-chain Poseidon
/// LeanIMT costs tens of thousands (see bench). The trade: the contract does not check the root, so
/// wallets and watchers rebuild the tree from events and compare (the issuer is trusted to admit
/// members anyway; a wrong root is publicly provable from the logs).
///
/// A leaf is admitted only as the next premium payment in the queue (payPremium(leaf, ...)), so an unpaid
/// policy never enters the tree: cover requires a paid premium, and each payment admits one leaf once.
///
/// A proof names the root it was made against. A root stays valid while it is the current one and, once
/// superseded, for at most `rootWindow` newer roots AND at most `maxRootAge` seconds: a revoked member's
/// last root dies within the age limit even if no other root is ever posted. Both limits are fixed for a
/// root when it is superseded (raising them later never revives a root that already expired).
abstract contract MemberRegistry is AccessControl, PremiumPool, IMemberRegistry {
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    uint32 public constant MAX_ROOT_WINDOW = 1024;
    uint32 public constant MIN_ROOT_AGE = 5 minutes;
    uint32 public constant MAX_ROOT_AGE = 7 days;

    struct RegistryState {
        uint64 rootSequence;
        uint64 memberCount;
        uint32 rootWindow;
        uint32 maxRootAge;
    }

    /// @dev What every claim reads besides its root, in one slot (one cold read, 2,100 gas a claim fewer): the oldest
    /// live root's sequence, and the mutual's pause, which Claims keeps.
    struct ClaimGate {
        /// @dev Roots posted before this sequence number are dead; it only ever grows.
        uint64 minValidSequence;
        bool paused;
        uint40 pausedAt;
        /// @dev Seconds spent paused since deployment, up to the last unpause.
        uint48 pausedTotal;
    }

    struct RootInfo {
        uint64 sequence;
        /// @dev 0 while the root is current; once superseded, the last second it is accepted.
        uint40 expiresAt;
        /// @dev When it was posted and when the next root replaced it (0: still current), for rules judged at a
        /// past time (a parametric event pays the members of the root current at the event).
        uint40 postedAt;
        uint40 supersededAt;
    }

    RegistryState internal _registry;
    ClaimGate internal _gate;
    mapping(uint256 root => RootInfo) internal _roots;
    uint256 public currentRoot;
    /// @dev Removed leaf indices, 256 to a word; only removals touch it, so admissions cost nothing more.
    mapping(uint256 word => uint256 bits) internal _removed;
    uint256 internal _removedCount;

    constructor(uint32 rootWindow_, uint32 maxRootAge_) {
        _setRootWindow(rootWindow_);
        _setMaxRootAge(maxRootAge_);
    }

    /// @inheritdoc IMemberRegistry
    function addMembers(uint256[] calldata leaves, uint256 newRoot) external onlyRole(ISSUER_ROLE) {
        if (leaves.length == 0) revert EmptyBatch();
        if (newRoot == 0) revert InvalidRoot(newRoot);
        for (uint256 i = 0; i < leaves.length; ++i) {
            uint256 leaf = leaves[i];
            if (leaf == 0 || leaf >= EligibilityVerifier.R) revert InvalidLeaf(leaf);
        }
        _takePayments(leaves);
        RegistryState memory state = _registry;
        uint256 firstIndex = state.memberCount;
        state.memberCount += uint64(leaves.length);
        uint64 sequence = _postRoot(state, newRoot);
        emit MembersAdded(firstIndex, leaves, newRoot, sequence);
    }

    /// @notice Refuses the next premium payments in the queue (exactly these leaves, in order): their payers
    /// can withdraw them. For payments the issuer will not admit (wrong terms, too little, not accepted).
    function refusePremiums(uint256[] calldata leaves) external onlyRole(ISSUER_ROLE) {
        if (leaves.length == 0) revert EmptyBatch();
        _refusePayments(leaves);
    }

    /// @notice Revokes a member: their leaf becomes 0 in the tree whose root is `newRoot`. Removing the last
    /// member gives the empty tree's root, 0, which no proof can match.
    function removeMember(uint256 index, uint256 newRoot) external onlyRole(ISSUER_ROLE) {
        RegistryState memory state = _registry;
        if (index >= state.memberCount) revert MemberIndexOutOfRange(index, state.memberCount);
        uint256 bit = 1 << (index & 0xff);
        uint256 bits = _removed[index >> 8];
        if (bits & bit != 0) revert MemberAlreadyRemoved(index);
        _removed[index >> 8] = bits | bit;
        ++_removedCount;
        uint64 sequence = _postRoot(state, newRoot);
        emit MemberRemoved(index, newRoot, sequence);
    }

    function setRootWindow(uint32 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRootWindow(window);
    }

    function setMaxRootAge(uint32 maxRootAge_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxRootAge(maxRootAge_);
    }

    function isKnownRoot(uint256 root) public view returns (bool) {
        return _isKnownRoot(root, _gate.minValidSequence);
    }

    /// @dev isKnownRoot with the gate's minValidSequence already read (a claim reads the gate for the pause too).
    function _isKnownRoot(uint256 root, uint256 minValidSequence) internal view returns (bool) {
        if (root == 0) return false;
        // RootInfo's slot read once and only its first two fields decoded (sequence: 64 bits, expiresAt: 40): every
        // claim pays this.
        RootInfo storage stored = _roots[root];
        uint256 word;
        assembly ("memory-safe") {
            word := sload(stored.slot)
        }
        uint256 sequence = uint64(word);
        uint256 expiresAt = uint40(word >> 64);
        return sequence != 0 && sequence >= minValidSequence && (expiresAt == 0 || block.timestamp <= expiresAt);
    }

    /// @inheritdoc IMemberRegistry
    function wasCurrentAt(uint256 root, uint256 time) external view returns (bool) {
        RootInfo memory info = _roots[root];
        return root != 0 && info.sequence != 0 && info.postedAt <= time && (info.supersededAt == 0 || time < info.supersededAt);
    }

    function memberCount() external view returns (uint256) {
        return _registry.memberCount;
    }

    function activeMemberCount() external view returns (uint256) {
        return _registry.memberCount - _removedCount;
    }

    function rootWindow() external view returns (uint32) {
        return _registry.rootWindow;
    }

    function maxRootAge() external view returns (uint32) {
        return _registry.maxRootAge;
    }

    function _postRoot(RegistryState memory state, uint256 newRoot) private returns (uint64 sequence) {
        if (newRoot >= EligibilityVerifier.R) revert InvalidRoot(newRoot);
        uint256 previous = currentRoot;
        if (previous != newRoot && _roots[previous].sequence != 0) {
            RootInfo storage superseded = _roots[previous];
            superseded.expiresAt = uint40(block.timestamp + state.maxRootAge);
            superseded.supersededAt = uint40(block.timestamp);
        }
        sequence = ++state.rootSequence;
        if (sequence > state.rootWindow && sequence - state.rootWindow + 1 > _gate.minValidSequence) {
            _gate.minValidSequence = sequence - state.rootWindow + 1;
        }
        _registry = state;
        _roots[newRoot] = RootInfo(sequence, 0, uint40(block.timestamp), 0);
        currentRoot = newRoot;
    }

    function _setRootWindow(uint32 window) private {
        if (window == 0 || window > MAX_ROOT_WINDOW) revert RootWindowOutOfRange(window);
        RegistryState memory state = _registry;
        state.rootWindow = window;
        // A smaller window kills the roots now outside it; a larger one revives nothing.
        if (state.rootSequence >= window && state.rootSequence - window + 1 > _gate.minValidSequence) {
            _gate.minValidSequence = state.rootSequence - window + 1;
        }
        _registry = state;
        emit RootWindowChanged(window);
    }

    function _setMaxRootAge(uint32 maxRootAge_) private {
        if (maxRootAge_ < MIN_ROOT_AGE || maxRootAge_ > MAX_ROOT_AGE) revert RootAgeOutOfRange(maxRootAge_);
        _registry.maxRootAge = maxRootAge_;
        emit MaxRootAgeChanged(maxRootAge_);
    }
}
