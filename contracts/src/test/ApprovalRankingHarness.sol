// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ApprovalRanking} from "../assessment/ApprovalRanking.sol";

/// @notice Tests only: ApprovalRanking on its own, so thousands of approvals can be checked against a sort.
contract ApprovalRankingHarness {
    mapping(uint96 => ApprovalRanking.AmountNode) internal _nodes;
    uint256 public count;
    uint96 public picked;
    uint32 internal _offset;

    function addMany(uint96[] calldata amounts) external {
        for (uint256 i = 0; i < amounts.length; ++i) {
            (picked, _offset) = ApprovalRanking.add(_nodes, count, picked, _offset, amounts[i]);
            ++count;
        }
    }
}
