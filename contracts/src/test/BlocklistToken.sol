// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestToken} from "./TestToken.sol";

/// @notice A stablecoin stand-in with an issuer blocklist (as USDC has): transfers to a blocked address revert.
contract BlocklistToken is TestToken {
    mapping(address account => bool) public blocked;

    error Blocked(address account);

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert Blocked(to);
        super._update(from, to, value);
    }
}
