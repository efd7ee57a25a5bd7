// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The pool's accounting: held = premiums + capital - payouts, and reserved <= held always.
/// Premiums are paid for a policy's member leaf into a queue: the registry admits a leaf only as the next
/// payment in the queue, and the issuer refuses (refunds) the payments it does not admit.
interface IPremiumPool {
    /// @param position The payment's place in the queue (1, 2, …).
    event PremiumPaid(address indexed payer, uint256 indexed leaf, uint256 amount, uint64 position);
    event PremiumRefused(uint64 indexed position, address indexed payer, uint256 leaf, uint256 amount);
    event RefundWithdrawn(address indexed payer, uint256 amount);
    event CapitalDeposited(address indexed provider, uint256 amount);
    /// @notice Tokens the pool holds beyond its books (sent by mistake), moved out by governance.
    event SurplusSwept(address indexed to, uint256 amount);
    event CapitalMoved(address indexed to, uint256 amount);

    error ZeroAmount();
    /// @notice The payments given are not the next `count` payments in the queue, from position `first`.
    error PaymentQueueMismatch(uint64 first, uint256 count);
    /// @notice A single premium of 2^96 base units or more (the books keep amounts in 96 bits per payment).
    error PremiumTooLarge(uint256 amount);
    error InsufficientPoolFunds(uint256 requested, uint256 available);

    /// @notice Pays `amount` towards the policy whose member leaf is `leaf`.
    function payPremium(uint256 leaf, uint256 amount) external;
    function depositCapital(uint256 amount) external;
    /// @notice Payments made, and how many of them were admitted or refused (the queue's head).
    function paymentQueue() external view returns (uint64 paid, uint64 processed);
    /// @notice Sends the caller the refunds of their refused payments.
    function withdrawRefund() external;
    /// @notice Tokens the pool owes to no one yet plus those reserved for approved claims.
    function held() external view returns (uint256);
    /// @notice What new approvals can still reserve.
    function available() external view returns (uint256);
}
