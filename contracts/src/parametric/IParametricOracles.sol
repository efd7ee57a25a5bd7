// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The part of a Chainlink data feed (AggregatorV3Interface) ParametricCover reads. Written here from the
/// published interface so that Mutua depends on no oracle's sources.
interface IIndexFeed {
    function decimals() external view returns (uint8);
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}

/// @notice The part of UMA's Optimistic Oracle V3 ParametricCover calls (assertTruth and its parameters), written
/// from UMA's published interface; the oracle calls back through IAssertionCallbacks.
interface IOptimisticAsserter {
    function assertTruth(
        bytes memory claim,
        address asserter,
        address callbackRecipient,
        address escalationManager,
        uint64 liveness,
        address currency,
        uint256 bond,
        bytes32 identifier,
        bytes32 domainId
    ) external returns (bytes32 assertionId);

    function getMinimumBond(address currency) external view returns (uint256);

    function defaultIdentifier() external view returns (bytes32);
}

/// @notice The callbacks UMA's Optimistic Oracle V3 makes to an assertion's callback recipient.
interface IAssertionCallbacks {
    function assertionResolvedCallback(bytes32 assertionId, bool assertedTruthfully) external;

    function assertionDisputedCallback(bytes32 assertionId) external;
}

/// @notice What ParametricCover reads of the mutual (MutuaMutual implements it).
interface IParametricMutual {
    function hasRole(bytes32 role, address account) external view returns (bool);
    function wasCurrentAt(uint256 root, uint256 time) external view returns (bool);
    function paused() external view returns (bool);
    function pausedTotalNow() external view returns (uint256);
}
