// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The mutual's governance delay
/// @notice OpenZeppelin's TimelockController with no admin: it administers itself, so its delay and its
/// proposers change only through its own delay. It holds DEFAULT_ADMIN_ROLE of the mutual: every parameter
/// and role change is announced on-chain `minDelay` seconds before it can take effect.
///
/// Two invariants hold for its whole life, not only at deployment, because a passed proposal could otherwise
/// undo them: the delay never goes below MIN_DELAY (updateDelay refuses it), and the timelock's own admin role
/// is held by the timelock alone (no proposal can hand an account the power to grant itself proposer or
/// canceller rights without the delay).
contract MutuaTimelock is TimelockController {
    /// @notice The shortest delay the timelock accepts, at deployment and in every later updateDelay.
    uint256 public constant MIN_DELAY = 1 days;

    error DelayBelowMinimum(uint256 delay, uint256 minimum);
    error AdminIsTheTimelockOnly(address account);

    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {
        if (minDelay < MIN_DELAY) revert DelayBelowMinimum(minDelay, MIN_DELAY);
    }

    /// @notice Only through the timelock itself (a passed, delayed proposal), and never below MIN_DELAY.
    function updateDelay(uint256 newDelay) public override {
        if (newDelay < MIN_DELAY) revert DelayBelowMinimum(newDelay, MIN_DELAY);
        super.updateDelay(newDelay);
    }

    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == DEFAULT_ADMIN_ROLE && account != address(this)) revert AdminIsTheTimelockOnly(account);
        return super._grantRole(role, account);
    }
}
