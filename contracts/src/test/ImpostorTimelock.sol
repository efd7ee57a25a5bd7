// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Tests only: answers getMinDelay like a timelock of two days, but is not one (nothing would hold it to
/// its delay). The mutual must refuse to make it governance.
contract ImpostorTimelock {
    function getMinDelay() external pure returns (uint256) {
        return 2 days;
    }
}
