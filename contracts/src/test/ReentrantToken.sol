// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A hostile token: on every transfer out of the pool it calls back into the pool
/// (like an ERC-777 hook would) and records whether the nested call succeeded.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public callbackData;
    bool public reentered;
    bool public reentrySucceeded;

    constructor() ERC20("Reentrant", "RE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata data) external {
        target = target_;
        callbackData = data;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == target && target != address(0) && !reentered) {
            reentered = true;
            (reentrySucceeded,) = target.call(callbackData);
        }
    }
}
