// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPremiumPool} from "../interfaces/IPremiumPool.sol";

/// @title The mutual's pool of one ERC-20 token
/// @notice Invariant: held = premiums + capital - payouts, reserved <= held. Only what a transfer
/// actually delivered is credited, so a fee-on-transfer token cannot inflate the books.
///
/// Premium payments form a queue the issuer works through in order: each payment is admitted (its leaf
/// joins the tree) or refused (refunded to its payer), exactly once. The queue is a hash chain over the
/// leaves, so an admission proves "these leaves are the next payments" from its calldata (32 bytes and one
/// keccak per member) and one storage read per batch: about 1,300 gas a member, where reading and clearing a
/// per-leaf record costs over 5,000. Who paid how much is kept per payment, for refunds.
abstract contract PremiumPool is ReentrancyGuardTransient, IPremiumPool {
    using SafeERC20 for IERC20;

    /// @dev The four counters finalize and settle touch, in two slots (amounts < 2^128 base units).
    struct Books {
        uint128 premiums;
        uint128 capital;
        uint128 payouts;
        uint128 reserved;
    }

    /// @dev Payments 1..paid made; 1..processed admitted or refused.
    struct PaymentQueue {
        uint64 paid;
        uint64 processed;
    }

    /// @dev One slot per payment: a refused one is refunded to its payer.
    struct Payment {
        address payer;
        uint96 amount;
    }

    IERC20 public immutable token;
    Books internal _books;
    PaymentQueue internal _queue;
    /// @dev _paymentChain[n] = keccak256(_paymentChain[n - 1], leaf of payment n); [0] = 0.
    mapping(uint256 position => bytes32) internal _paymentChain;
    mapping(uint256 position => Payment) internal _payments;
    /// @notice Refunds of refused payments, waiting for their payers to withdraw them.
    mapping(address payer => uint256) public refundOf;
    uint256 public refundsOwed;

    constructor(IERC20 token_) {
        token = token_;
    }

    /// @inheritdoc IPremiumPool
    /// @dev Links the paying address to the leaf (not to any claim: claims never reveal their leaf).
    function payPremium(uint256 leaf, uint256 amount) external nonReentrant {
        uint256 received = _pull(amount);
        if (received > type(uint96).max) revert PremiumTooLarge(received);
        uint64 position = ++_queue.paid;
        _paymentChain[position] = keccak256(abi.encode(_paymentChain[position - 1], leaf));
        _payments[position] = Payment(msg.sender, uint96(received));
        _books.premiums += uint128(received);
        emit PremiumPaid(msg.sender, leaf, received, position);
    }

    /// @inheritdoc IPremiumPool
    function paymentQueue() external view returns (uint64 paid, uint64 processed) {
        PaymentQueue memory queue = _queue;
        return (queue.paid, queue.processed);
    }

    /// @inheritdoc IPremiumPool
    function withdrawRefund() external nonReentrant {
        uint256 amount = refundOf[msg.sender];
        if (amount == 0) revert ZeroAmount();
        refundOf[msg.sender] = 0;
        refundsOwed -= amount;
        token.safeTransfer(msg.sender, amount);
        emit RefundWithdrawn(msg.sender, amount);
    }

    /// @dev Takes the next `leaves.length` payments off the queue, checking they are exactly these leaves in
    /// order: one chain step per member, one storage read for the batch. Returns the position of the first.
    function _takePayments(uint256[] calldata leaves) internal returns (uint64 first) {
        PaymentQueue memory queue = _queue;
        first = queue.processed + 1;
        if (queue.processed + leaves.length > queue.paid) revert PaymentQueueMismatch(first, leaves.length);
        bytes32 chain = _paymentChain[queue.processed];
        for (uint256 i = 0; i < leaves.length; ++i) {
            uint256 leaf = leaves[i];
            // keccak256(abi.encode(chain, leaf)) in the scratch space: no memory grows per member.
            assembly ("memory-safe") {
                mstore(0x00, chain)
                mstore(0x20, leaf)
                chain := keccak256(0x00, 0x40)
            }
        }
        queue.processed += uint64(leaves.length);
        if (chain != _paymentChain[queue.processed]) revert PaymentQueueMismatch(first, leaves.length);
        _queue = queue;
    }

    /// @dev Refuses the next payments (they must be exactly these leaves): each is owed back to its payer.
    function _refusePayments(uint256[] calldata leaves) internal {
        uint64 first = _takePayments(leaves);
        uint256 total;
        for (uint256 i = 0; i < leaves.length; ++i) {
            uint64 position = uint64(first + i);
            Payment memory payment = _payments[position];
            refundOf[payment.payer] += payment.amount;
            total += payment.amount;
            emit PremiumRefused(position, payment.payer, leaves[i], payment.amount);
        }
        _books.premiums -= uint128(total);
        refundsOwed += total;
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

    /// @dev Effects before the transfer, undone if the token refuses it (false); callers are nonReentrant.
    function _tryPayReserved(address to, uint256 amount) internal returns (bool paid) {
        Books memory books = _books;
        _books = Books(books.premiums, books.capital, books.payouts + uint128(amount), books.reserved - uint128(amount));
        paid = token.trySafeTransfer(to, amount);
        if (!paid) _books = books;
    }

    /// @dev Moves capital out: at most the capital put in, and at most what no approved claim has reserved.
    function _moveCapital(address to, uint256 amount) internal {
        if (amount == 0) revert ZeroAmount();
        Books memory books = _books;
        uint256 free = available();
        if (amount > books.capital || amount > free) revert InsufficientPoolFunds(amount, books.capital < free ? books.capital : free);
        _books.capital = books.capital - uint128(amount);
        token.safeTransfer(to, amount);
        emit CapitalMoved(to, amount);
    }

    /// @dev Tokens held beyond the books (sent directly, by mistake) go to `to`; the books never change.
    function _sweepSurplus(address to) internal returns (uint256 surplus) {
        uint256 balance = token.balanceOf(address(this));
        uint256 owed = held() + refundsOwed;
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
