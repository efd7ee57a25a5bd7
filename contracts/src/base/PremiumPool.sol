// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPremiumPool} from "../interfaces/IPremiumPool.sol";

/// @title The mutual's pool of one ERC-20 token
/// @notice Invariant: held = premiums + capital - payouts, reserved <= held. Only what a transfer
/// actually delivered is credited, so a fee-on-transfer token cannot inflate the books.
abstract contract PremiumPool is ReentrancyGuardTransient, IPremiumPool {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    uint256 public premiums;
    uint256 public capital;
    uint256 public payouts;
    /// @notice Owed to approved, not yet paid claims.
    uint256 public reserved;

    constructor(IERC20 token_) {
        token = token_;
    }

    function payPremium(uint256 amount) external nonReentrant {
        uint256 received = _pull(amount);
        premiums += received;
        emit PremiumPaid(msg.sender, received);
    }

    function depositCapital(uint256 amount) external nonReentrant {
        uint256 received = _pull(amount);
        capital += received;
        emit CapitalDeposited(msg.sender, received);
    }

    function held() public view returns (uint256) {
        return premiums + capital - payouts;
    }

    function available() public view returns (uint256) {
        return held() - reserved;
    }

    function _reserve(uint256 amount) internal {
        uint256 free = available();
        if (amount > free) revert InsufficientPoolFunds(amount, free);
        reserved += amount;
    }

    /// @dev Effects before the transfer; callers are nonReentrant.
    function _payReserved(address to, uint256 amount) internal {
        reserved -= amount;
        payouts += amount;
        token.safeTransfer(to, amount);
    }

    function _pull(uint256 amount) private returns (uint256 received) {
        if (amount == 0) revert ZeroAmount();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        received = token.balanceOf(address(this)) - before;
    }
}
