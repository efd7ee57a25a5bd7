// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Bench only: the member registry's events and current root, without its checks, so that a
/// chain holding a million members can be set up in minutes (no premium payment per member) to measure
/// how wallets sync the tree. Same event signatures as MutuaMutual's registry.
contract MemberEventLog {
    event MembersAdded(uint256 indexed firstIndex, uint256[] leaves, uint256 root, uint64 rootSequence);

    uint256 public currentRoot;
    uint64 internal _count;
    uint64 internal _sequence;

    function memberCount() external view returns (uint256) {
        return _count;
    }

    function addMembers(uint256[] calldata leaves, uint256 newRoot) external {
        currentRoot = newRoot;
        emit MembersAdded(_count, leaves, newRoot, ++_sequence);
        _count += uint64(leaves.length);
    }
}
