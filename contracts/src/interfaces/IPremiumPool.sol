// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The pool's accounting: held = premiums + capital - payouts, and reserved <= held always.
/// Premiums are paid for a policy's member leaf: the registry admits a leaf only against its premium.
interface IPremiumPool {
    event PremiumPaid(address indexed payer, uint256 indexed leaf, uint256 amount);
    event CapitalDeposited(address indexed provider, uint256 amount);
    /// @notice Tokens the pool holds beyond its books (sent by mistake), moved out by governance.
    event SurplusSwept(address indexed to, uint256 amount);

    error ZeroAmount();
    error InsufficientPoolFunds(uint256 requested, uint256 available);

    /// @notice Pays `amount` towards the policy whose member leaf is `leaf`.
    function payPremium(uint256 leaf, uint256 amount) external;
    function depositCapital(uint256 amount) external;
    /// @notice Premium paid for `leaf` and not yet used by an admission.
    function premiumFor(uint256 leaf) external view returns (uint256);
    /// @notice Tokens the pool owes to no one yet plus those reserved for approved claims.
    function held() external view returns (uint256);
    /// @notice What new approvals can still reserve.
    function available() external view returns (uint256);
}
