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

    /// @dev The four counters finalize and settle touch, in two slots (amounts < 2^128 base units).
    struct Books {
        uint128 premiums;
        uint128 capital;
        uint128 payouts;
        uint128 reserved;
    }

    IERC20 public immutable token;
    Books internal _books;
    mapping(uint256 leaf => uint256 amount) public premiumFor;

    constructor(IERC20 token_) {
        token = token_;
    }

    /// @inheritdoc IPremiumPool
    /// @dev Links the paying address to the leaf (not to any claim: claims never reveal their leaf).
    function payPremium(uint256 leaf, uint256 amount) external nonReentrant {
        uint256 received = _pull(amount);
        premiumFor[leaf] += received;
        _books.premiums += uint128(received);
        emit PremiumPaid(msg.sender, leaf, received);
    }

    function depositCapital(uint256 amount) external nonReentrant {
        uint256 received = _pull(amount);
        _books.capital += uint128(received);
        emit CapitalDeposited(msg.sender, received);
    }

    function premiums() external view returns (uint256) {
        return _books.premiums;
    }

    function capital() external view returns (uint256) {
        return _books.capital;
    }

    function payouts() external view returns (uint256) {
        return _books.payouts;
    }

    /// @notice Owed to approved, not yet paid claims.
    function reserved() external view returns (uint256) {
        return _books.reserved;
    }

    function held() public view returns (uint256) {
        Books memory books = _books;
        return uint256(books.premiums) + books.capital - books.payouts;
    }

    function available() public view returns (uint256) {
        return held() - _books.reserved;
    }

    function _reserve(uint256 amount) internal {
        uint256 free = available();
        if (amount > free) revert InsufficientPoolFunds(amount, free);
        _books.reserved += uint128(amount);
    }

    function _release(uint256 amount) internal {
        _books.reserved -= uint128(amount);
    }

    /// @dev Effects before the transfer; callers are nonReentrant.
    function _payReserved(address to, uint256 amount) internal {
        Books memory books = _books;
        books.reserved -= uint128(amount);
        books.payouts += uint128(amount);
        _books = books;
        token.safeTransfer(to, amount);
    }

    /// @dev Tokens held beyond the books (sent directly, by mistake) go to `to`; the books never change.
    function _sweepSurplus(address to) internal returns (uint256 surplus) {
        uint256 balance = token.balanceOf(address(this));
        uint256 owed = held();
        surplus = balance > owed ? balance - owed : 0;
        if (surplus > 0) token.safeTransfer(to, surplus);
        emit SurplusSwept(to, surplus);
    }

    function _pull(uint256 amount) private returns (uint256 received) {
        if (amount == 0) revert ZeroAmount();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        received = token.balanceOf(address(this)) - before;
    }
}
