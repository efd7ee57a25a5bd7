// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IClaims} from "../interfaces/IClaims.sol";
import {IPrivateAssessment} from "../interfaces/IPrivateAssessment.sol";

/// @notice The keeper interface of Chainlink Automation (AutomationCompatibleInterface) and compatible keeper
/// networks: the network simulates checkUpkeep off-chain and, when it says so, sends performUpkeep with its data.
interface IAutomationCompatible {
    function checkUpkeep(bytes calldata checkData) external returns (bool upkeepNeeded, bytes memory performData);
    function performUpkeep(bytes calldata performData) external;
}

/// @notice What the keeper reads of the mutual and calls on it (MutuaMutual implements it).
interface IKeptMutual {
    function getClaim(uint256 incidentId, uint256 nullifier) external view returns (IClaims.Claim memory);
    function getIncident(uint256 incidentId)
        external
        view
        returns (IClaims.Incident memory incident, uint256 claimsCloseAt, uint256 votingEndsAt);
    function pausedTotalNow() external view returns (uint256);
    function paused() external view returns (bool);
    function settle(uint256 incidentId, uint256 nullifier) external;
    function lapse(uint256 incidentId, uint256 nullifier) external;
    function STUCK_AFTER() external view returns (uint32);
}

/// @notice What the keeper reads of the assessment module and calls on it (PrivateAssessment implements it).
interface IKeptAssessment {
    function roundOf(uint256 incidentId, uint256 claimNullifier, uint8 round)
        external
        view
        returns (IPrivateAssessment.RoundView memory);
    function finalize(uint256 incidentId, uint256 claimNullifier) external;
}

/// @title Every claim reaches its end without anyone at a terminal
/// @notice After the votes, a claim waits for someone to decide it (finalize, once its reveal window has closed) and
/// then to pay it (settle, once its cooldown has passed). Anyone may do both; this contract makes that work visible
/// to keeper networks through the standard checkUpkeep / performUpkeep pair, and to `mutua keeper` and the devnet.
///
/// Claims are watched once filed: anyone may `watch` one (the relayer and the keeper process do, from ClaimFiled), and
/// only a claim the mutual knows is accepted. The keeper holds no role and no funds: it calls only what anyone may
/// call, and re-reads what is due at perform time, so performData from a stale or hostile caller does nothing wrong.
/// A claim leaves the list when it can need nothing more (paid, lapsed, or a refusal whose appeal window has passed;
/// an appeal filed later is watched again by whoever appeals).
contract MutuaKeeper is IAutomationCompatible {
    enum Action {
        None,
        Finalize,
        Settle,
        Lapse,
        Forget
    }

    struct ClaimRef {
        uint256 incidentId;
        uint256 nullifier;
    }

    /// @notice The most claims one performUpkeep handles, and the most watched claims one checkUpkeep reads.
    uint256 public constant MAX_BATCH = 16;
    uint256 public constant MAX_SCAN = 256;

    IKeptMutual public immutable mutual;
    IKeptAssessment public immutable assessment;
    ClaimRef[] internal _watched;
    /// @dev Position in _watched plus one (0: not watched).
    mapping(bytes32 claimId => uint256) internal _slot;

    event ClaimWatched(bytes32 indexed claimId, uint256 incidentId, uint256 nullifier);
    event UpkeepPerformed(bytes32 indexed claimId, Action action, bool succeeded);

    error NotAClaim(uint256 incidentId, uint256 nullifier);

    constructor(IKeptMutual mutual_, IKeptAssessment assessment_) {
        mutual = mutual_;
        assessment = assessment_;
    }

    /// @notice Watches a filed (or appealed, or approved and unpaid) claim until it needs nothing more. Idempotent.
    function watch(uint256 incidentId, uint256 nullifier) external {
        bytes32 claimId = keccak256(abi.encode(incidentId, nullifier));
        if (_slot[claimId] != 0) return;
        IClaims.ClaimStatus status = mutual.getClaim(incidentId, nullifier).status;
        if (status != IClaims.ClaimStatus.Filed && status != IClaims.ClaimStatus.Appealed && status != IClaims.ClaimStatus.Approved) {
            revert NotAClaim(incidentId, nullifier);
        }
        _watched.push(ClaimRef(incidentId, nullifier));
        _slot[claimId] = _watched.length;
        emit ClaimWatched(claimId, incidentId, nullifier);
    }

    /// @notice Reads up to MAX_SCAN watched claims from the index in `checkData` (abi-encoded uint256; empty: 0) and
    /// returns up to MAX_BATCH that have something due, as performData (abi-encoded ClaimRef[]).
    function checkUpkeep(bytes calldata checkData) external view returns (bool upkeepNeeded, bytes memory performData) {
        uint256 start = checkData.length >= 32 ? abi.decode(checkData, (uint256)) : 0;
        uint256 end = _watched.length;
        if (end > start + MAX_SCAN) end = start + MAX_SCAN;
        ClaimRef[] memory due = new ClaimRef[](MAX_BATCH);
        uint256 found;
        for (uint256 i = start; i < end && found < MAX_BATCH; ++i) {
            ClaimRef memory claim = _watched[i];
            if (dueOf(claim.incidentId, claim.nullifier) != Action.None) due[found++] = claim;
        }
        assembly ("memory-safe") {
            mstore(due, found)
        }
        return (found > 0, abi.encode(due));
    }

    /// @notice Does what is due for each claim in `performData` (abi-encoded ClaimRef[]), re-checked now, watched or not
    /// (a member collecting their own payout sends their claim alone). Anyone may call it; a step that fails (another
    /// keeper was first, a pause) is reported and skipped.
    function performUpkeep(bytes calldata performData) external {
        ClaimRef[] memory claims = abi.decode(performData, (ClaimRef[]));
        uint256 count = claims.length < MAX_BATCH ? claims.length : MAX_BATCH;
        for (uint256 i = 0; i < count; ++i) {
            ClaimRef memory claim = claims[i];
            bytes32 claimId = keccak256(abi.encode(claim.incidentId, claim.nullifier));
            Action action = dueOf(claim.incidentId, claim.nullifier);
            if (action == Action.None) continue;
            bool succeeded = true;
            if (action == Action.Finalize) {
                try assessment.finalize(claim.incidentId, claim.nullifier) {} catch { succeeded = false; }
            } else if (action == Action.Settle) {
                try mutual.settle(claim.incidentId, claim.nullifier) {} catch { succeeded = false; }
            } else if (action == Action.Lapse) {
                try mutual.lapse(claim.incidentId, claim.nullifier) {} catch { succeeded = false; }
            }
            if (_slot[claimId] != 0 && _settledFor(claim)) _forget(claimId);
            emit UpkeepPerformed(claimId, action, succeeded);
        }
    }

    /// @notice What a claim needs now: Finalize (its round's reveal window has closed and it is undecided), Settle (an
    /// approved claim past its cooldown that no payment was tried for), Lapse (an approved claim whose payment first
    /// failed STUCK_AFTER ago), Forget (nothing more can happen to it), or None. Nothing is due while paused.
    function dueOf(uint256 incidentId, uint256 nullifier) public view returns (Action) {
        if (mutual.paused()) return Action.None;
        IClaims.Claim memory claim = mutual.getClaim(incidentId, nullifier);
        IClaims.ClaimStatus status = claim.status;
        if (status == IClaims.ClaimStatus.Filed || status == IClaims.ClaimStatus.Appealed) {
            uint8 round = status == IClaims.ClaimStatus.Appealed ? 1 : 0;
            IPrivateAssessment.RoundView memory view_ = assessment.roundOf(incidentId, nullifier, round);
            return !view_.decided && view_.revealEndsAt != 0 && block.timestamp > view_.revealEndsAt ? Action.Finalize : Action.None;
        }
        uint256 afterDecision = _afterDecision(incidentId, claim);
        if (status == IClaims.ClaimStatus.Approved) {
            if (claim.failedAt == 0) return block.timestamp >= afterDecision ? Action.Settle : Action.None;
            uint256 lapsesAt = claim.failedAt + mutual.STUCK_AFTER() + (mutual.pausedTotalNow() - claim.pausedBefore);
            return block.timestamp >= lapsesAt ? Action.Lapse : Action.None;
        }
        // Rejected or Expired: an appeal is possible until the cooldown ends; Paid, Lapsed, None: nothing more.
        if ((status == IClaims.ClaimStatus.Rejected || status == IClaims.ClaimStatus.Expired) && block.timestamp < afterDecision) {
            return Action.None;
        }
        return Action.Forget;
    }

    /// @notice How many claims are watched (checkData pages through them MAX_SCAN at a time).
    function watchedCount() external view returns (uint256) {
        return _watched.length;
    }

    function isWatched(uint256 incidentId, uint256 nullifier) external view returns (bool) {
        return _slot[keccak256(abi.encode(incidentId, nullifier))] != 0;
    }

    /// @dev The incident's settlement delay after the decision, stretched by time paused since (as the mutual does).
    function _afterDecision(uint256 incidentId, IClaims.Claim memory claim) private view returns (uint256) {
        (IClaims.Incident memory incident,,) = mutual.getIncident(incidentId);
        return uint256(claim.decidedAt) + incident.settlementDelay + (mutual.pausedTotalNow() - claim.pausedBefore);
    }

    function _settledFor(ClaimRef memory claim) private view returns (bool) {
        return dueOf(claim.incidentId, claim.nullifier) == Action.Forget;
    }

    function _forget(bytes32 claimId) private {
        uint256 position = _slot[claimId] - 1;
        uint256 last = _watched.length - 1;
        if (position != last) {
            ClaimRef memory moved = _watched[last];
            _watched[position] = moved;
            _slot[keccak256(abi.encode(moved.incidentId, moved.nullifier))] = position + 1;
        }
        _watched.pop();
        delete _slot[claimId];
    }
}
