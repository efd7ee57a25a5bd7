// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The member tree's root, posted by the issuer, with every leaf in events so that anyone
/// can rebuild the tree (and check the issuer's root) from the logs alone.
interface IMemberRegistry {
    /// @param firstIndex Index of leaves[0] in the tree; later leaves follow in order.
    event MembersAdded(uint256 indexed firstIndex, uint256[] leaves, uint256 root, uint64 rootSequence);
    /// @notice The leaf at `index` is now 0 (revoked): no proof made against a later root can use it.
    event MemberRemoved(uint256 indexed index, uint256 root, uint64 rootSequence);
    event RootWindowChanged(uint32 window);
    event MaxRootAgeChanged(uint32 maxRootAge);

    error EmptyBatch();
    error InvalidRoot(uint256 root);
    error InvalidLeaf(uint256 leaf);
    error MemberIndexOutOfRange(uint256 index, uint256 size);
    error MemberAlreadyRemoved(uint256 index);
    error RootWindowOutOfRange(uint32 window);
    error RootAgeOutOfRange(uint32 maxRootAge);

    /// @notice Admits `leaves`: they must be the next payments in the premium queue (PaymentQueueMismatch
    /// otherwise); the payments are used up. The issuer checks each amount against its offer before.
    function addMembers(uint256[] calldata leaves, uint256 newRoot) external;
    function removeMember(uint256 index, uint256 newRoot) external;
    function isKnownRoot(uint256 root) external view returns (bool);
    function currentRoot() external view returns (uint256);
    /// @notice True when `root` was the current root at `time` (posted at or before it, replaced after it): the
    /// members it admits are exactly the members at that time. Older roots are remembered whatever their age.
    function wasCurrentAt(uint256 root, uint256 time) external view returns (bool);
    function memberCount() external view returns (uint256);
    /// @notice Members in the tree now: leaves admitted minus leaves removed (the base of governance quorums).
    function activeMemberCount() external view returns (uint256);
}
