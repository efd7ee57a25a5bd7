// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The mutual's governance delay
/// @notice OpenZeppelin's TimelockController with no admin: it administers itself, so its delay and its
/// proposers change only through its own delay. It holds DEFAULT_ADMIN_ROLE of the mutual: every parameter
/// and role change is announced on-chain `minDelay` seconds before it can take effect.
contract MutuaTimelock is TimelockController {
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {}
}
