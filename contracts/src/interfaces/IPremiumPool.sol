// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The pool's accounting: held = premiums + capital - payouts, and reserved <= held always.
interface IPremiumPool {
    event PremiumPaid(address indexed payer, uint256 amount);
    event CapitalDeposited(address indexed provider, uint256 amount);

    error ZeroAmount();
    error InsufficientPoolFunds(uint256 requested, uint256 available);

    function payPremium(uint256 amount) external;
    function depositCapital(uint256 amount) external;
    /// @notice Tokens the pool owes to no one yet plus those reserved for approved claims.
    function held() external view returns (uint256);
    /// @notice What new approvals can still reserve.
    function available() external view returns (uint256);
}
