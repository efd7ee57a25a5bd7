// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IClaims} from "../interfaces/IClaims.sol";
import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";
import {MemberRegistry} from "./MemberRegistry.sol";

/// @title Private claims and their community assessment
/// @notice A claim is filed with a Groth16 proof that the claimant is a member whose paid policy covered
/// the incident's loss time and the amount, and that (incident, evidence, recipient) are the ones proven.
/// The proof is verified before anything is recorded. Assessors then vote within the incident's voting
/// window; anyone finalizes the decision after it and settles the payout after a cooldown.
///
/// Powers are split: governance (a timelock, DEFAULT_ADMIN_ROLE) sets bounded parameters and grants roles;
/// the issuer admits members; the incident opener opens incidents; the pauser pauses; assessors vote.
abstract contract Claims is MemberRegistry, IClaims {
    bytes32 public constant ASSESSOR_ROLE = keccak256("ASSESSOR_ROLE");
    bytes32 public constant INCIDENT_ROLE = keccak256("INCIDENT_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    // Bounds on every parameter: no key, governance included, can set a rule outside them.
    uint16 public constant MIN_QUORUM = 2;
    uint16 public constant MAX_QUORUM = 64;
    uint32 public constant MIN_SETTLEMENT_DELAY = 1 hours;
    uint32 public constant MAX_SETTLEMENT_DELAY = 30 days;
    uint32 public constant MIN_FILING_WINDOW = 1 hours;
    uint32 public constant MAX_FILING_WINDOW = 365 days;
    uint32 public constant MIN_VOTING_WINDOW = 1 days;
    uint32 public constant MAX_VOTING_WINDOW = 60 days;
    /// @notice An incident may be opened for a loss at most this long ago.
    uint32 public constant MAX_INCIDENT_AGE = 365 days;
    /// @notice An approved claim that could not be paid for this long after it became payable lapses.
    uint32 public constant STUCK_AFTER = 30 days;
    /// @notice Evidence is a CIDv1, dag-pb, sha2-256 (a UnixFS directory): 0x01 0x70 0x12 0x20 + 32 bytes.
    bytes4 public constant EVIDENCE_CID_PREFIX = 0x01701220;
    uint256 public constant EVIDENCE_CID_LENGTH = 36;

    struct PauseState {
        bool paused;
        uint40 pausedAt;
        /// @dev Seconds spent paused since deployment, up to the last unpause.
        uint48 pausedTotal;
    }

    Parameters internal _parameters;
    PauseState internal _pause;
    uint256 public incidentCount;
    mapping(uint256 incidentId => Incident) internal _incidents;
    /// @dev Claim's first slot (recipient, amount) is the only storage write of fileClaim; the second is assessment's.
    mapping(bytes32 claimId => Claim) internal _claims;
    mapping(bytes32 claimId => mapping(address assessor => bool)) public hasVoted;
    mapping(bytes32 claimId => uint96[]) internal _approvedAmounts;

    modifier whenNotPaused() {
        if (_pause.paused) revert ClaimsPaused();
        _;
    }

    /// @notice Opens an incident: a loss at `occurredAt` (not in the future), claims until `claimsCloseAt`,
    /// votes until `votingEndsAt`. The current quorum, cooldown and cap become this incident's rules.
    function openIncident(uint40 occurredAt, uint40 claimsCloseAt, uint40 votingEndsAt)
        external
        onlyRole(INCIDENT_ROLE)
        whenNotPaused
        returns (uint256 incidentId)
    {
        uint256 nowTs = block.timestamp;
        if (
            occurredAt == 0 || occurredAt > nowTs || nowTs - occurredAt > MAX_INCIDENT_AGE || claimsCloseAt < nowTs + MIN_FILING_WINDOW
                || claimsCloseAt > nowTs + MAX_FILING_WINDOW || votingEndsAt < uint256(claimsCloseAt) + MIN_VOTING_WINDOW
                || votingEndsAt > uint256(claimsCloseAt) + MAX_VOTING_WINDOW
        ) revert InvalidIncidentWindow();
        Parameters memory rules = _parameters;
        incidentId = ++incidentCount;
        _incidents[incidentId] = Incident(
            occurredAt, claimsCloseAt, votingEndsAt, _pause.pausedTotal, rules.maxClaimAmount, rules.quorum, rules.settlementDelay
        );
        emit IncidentOpened(incidentId, occurredAt, claimsCloseAt, votingEndsAt);
    }

    /// @inheritdoc IClaims
    function fileClaim(ClaimRequest calldata request) external returns (bytes32 claimId) {
        PauseState memory pause = _pause;
        if (pause.paused) revert ClaimsPaused();
        Incident storage incident = _incidents[request.incidentId];
        uint256 occurredAt = incident.occurredAt;
        uint256 closesAt = uint256(incident.claimsCloseAt) + (pause.pausedTotal - incident.pausedBefore);
        if (occurredAt == 0 || block.timestamp > closesAt) revert IncidentNotOpen(request.incidentId);
        if (request.amount == 0) revert ZeroAmount();
        if (request.amount > incident.maxClaimAmount) revert AmountOverCap(request.amount, incident.maxClaimAmount);
        if (request.recipient == address(0)) revert InvalidRecipient();
        if (request.evidenceCid.length != EVIDENCE_CID_LENGTH || bytes4(request.evidenceCid[:4]) != EVIDENCE_CID_PREFIX) {
            revert InvalidEvidenceCid();
        }
        if (!isKnownRoot(request.root)) revert UnknownRoot(request.root);
        claimId = claimIdOf(request.incidentId, request.nullifier);
        Claim storage claim = _claims[claimId];
        if (claim.recipient != address(0)) revert NullifierAlreadyUsed(request.nullifier);

        // Every input but root and nullifier is computed here, never taken from the caller: a proof made for
        // another time, chain, deployment, incident, evidence or recipient cannot verify.
        // Order: ELIGIBILITY_PUBLIC_SIGNALS in @mutua/core.
        uint256 evidenceHash = uint256(keccak256(request.evidenceCid)) >> 8;
        uint256[5] memory signals = [
            request.root,
            request.nullifier,
            (request.amount << 64) | occurredAt,
            scopeOf(request.incidentId),
            uint256(keccak256(abi.encode(evidenceHash, request.recipient))) >> 8
        ];
        if (!EligibilityVerifier.verify(request.proof, signals)) revert InvalidProof();

        claim.recipient = request.recipient;
        claim.amount = uint96(request.amount);
        emit ClaimFiled(claimId, request.incidentId, request.nullifier, request.recipient, request.amount, request.evidenceCid);
    }

    /// @notice An assessor's vote; an approval names the amount the assessor accepts (up to the claimed one).
    function vote(uint256 incidentId, uint256 nullifier, bool approve, uint256 amount) external onlyRole(ASSESSOR_ROLE) whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _filed(claimId);
        if (block.timestamp > _votingEndsAt(incidentId)) revert VotingClosed(claimId);
        if (hasVoted[claimId][msg.sender]) revert AlreadyVoted(claimId, msg.sender);
        if (uint256(claim.approvals) + claim.rejections >= MAX_QUORUM) revert TooManyVotes(claimId);
        hasVoted[claimId][msg.sender] = true;
        if (approve) {
            if (amount == 0 || amount > claim.amount) revert ApprovedAmountInvalid(amount, claim.amount);
            _approvedAmounts[claimId].push(uint96(amount));
            claim.approvals += 1;
        } else {
            claim.rejections += 1;
        }
        emit Voted(claimId, msg.sender, approve, approve ? amount : 0);
    }

    /// @notice Decides a claim once voting has ended: no quorum → Expired, majority approves → Approved
    /// (the payout amount is reserved in the pool), otherwise Rejected. Anyone may call it.
    /// @dev The payout is the largest amount that more than half of the approving assessors approved (the
    /// median for an odd count, the lower middle for an even one): one low vote cannot cut a claim the
    /// majority approved in full, and one high vote cannot raise it.
    function finalize(uint256 incidentId, uint256 nullifier) external whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _filed(claimId);
        uint256 endsAt = _votingEndsAt(incidentId);
        if (block.timestamp <= endsAt) revert VotingStillOpen(claimId, endsAt);
        ClaimStatus decision;
        uint256 payout;
        if (uint256(claim.approvals) + claim.rejections < _incidents[incidentId].quorum) {
            decision = ClaimStatus.Expired;
        } else if (claim.approvals > claim.rejections) {
            decision = ClaimStatus.Approved;
            payout = _majorityAmount(_approvedAmounts[claimId]);
            claim.approvedAmount = uint96(payout);
            _reserve(payout);
        } else {
            decision = ClaimStatus.Rejected;
        }
        claim.status = decision;
        claim.decidedAt = uint40(block.timestamp);
        emit ClaimDecided(claimId, decision, payout);
    }

    /// @notice Pays an approved claim to its proven recipient once the cooldown has passed. Anyone may call it.
    function settle(uint256 incidentId, uint256 nullifier) external nonReentrant whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _approved(claimId);
        uint256 readyAt = uint256(claim.decidedAt) + _incidents[incidentId].settlementDelay;
        if (block.timestamp < readyAt) revert SettlementCooldown(claimId, readyAt);
        claim.status = ClaimStatus.Paid;
        _payReserved(claim.recipient, claim.approvedAmount);
        emit ClaimPaid(claimId, claim.recipient, claim.approvedAmount);
    }

    /// @notice Releases the reservation of an approved claim that could not be paid (its recipient cannot
    /// receive, e.g. a token blocklist) for STUCK_AFTER after it became payable. Anyone may call it; the
    /// amount becomes available to the pool again and the claim is Lapsed.
    function lapse(uint256 incidentId, uint256 nullifier) external whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _approved(claimId);
        uint256 lapsesAt = uint256(claim.decidedAt) + _incidents[incidentId].settlementDelay + STUCK_AFTER;
        if (block.timestamp < lapsesAt) revert NotStuckYet(claimId, lapsesAt);
        claim.status = ClaimStatus.Lapsed;
        _release(claim.approvedAmount);
        emit ClaimLapsed(claimId, claim.approvedAmount);
    }

    /// @notice Governance only (a timelock): new parameters apply to incidents opened from now on.
    function setParameters(Parameters calldata parameters_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParameters(parameters_);
    }

    /// @notice Pausing stops filing, voting, deciding and paying; the time paused is added to every open
    /// incident's filing and voting windows, so a pause can never expire claims or shut members out.
    function setPaused(bool paused_) external onlyRole(PAUSER_ROLE) {
        PauseState memory pause = _pause;
        if (pause.paused == paused_) return;
        if (paused_) {
            pause.pausedAt = uint40(block.timestamp);
        } else {
            pause.pausedTotal += uint48(block.timestamp - pause.pausedAt);
        }
        pause.paused = paused_;
        _pause = pause;
        emit PauseChanged(paused_);
    }

    /// @notice Governance only: tokens sent to the pool by mistake (beyond its books) go to `to`.
    function sweepSurplus(address to) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant returns (uint256) {
        if (to == address(0)) revert ZeroAddress("to");
        return _sweepSurplus(to);
    }

    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    function paused() external view returns (bool) {
        return _pause.paused;
    }

    /// @notice The incident's rules, and its windows as they stand now (stretched by time spent paused).
    function getIncident(uint256 incidentId) external view returns (Incident memory incident, uint256 claimsCloseAt, uint256 votingEndsAt) {
        incident = _incidents[incidentId];
        uint256 extension = _pausedTotalNow() - incident.pausedBefore;
        claimsCloseAt = uint256(incident.claimsCloseAt) + extension;
        votingEndsAt = uint256(incident.votingEndsAt) + extension;
    }

    function getClaim(uint256 incidentId, uint256 nullifier) external view returns (Claim memory) {
        Claim storage claim = _claims[claimIdOf(incidentId, nullifier)];
        return Claim(claim.recipient, claim.amount, _statusOf(claim), claim.approvals, claim.rejections, claim.approvedAmount, claim.decidedAt);
    }

    function claimIdOf(uint256 incidentId, uint256 nullifier) public pure returns (bytes32) {
        return keccak256(abi.encode(incidentId, nullifier));
    }

    /// @notice keccak256(abi.encode(chainid, this, incidentId)) >> 8, as deriveScope in @mutua/core.
    function scopeOf(uint256 incidentId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), incidentId))) >> 8;
    }

    function _setParameters(Parameters memory p) internal {
        _checkBounds("maxClaimAmount", p.maxClaimAmount, 1, type(uint88).max);
        _checkBounds("quorum", p.quorum, MIN_QUORUM, MAX_QUORUM);
        _checkBounds("settlementDelay", p.settlementDelay, MIN_SETTLEMENT_DELAY, MAX_SETTLEMENT_DELAY);
        _parameters = p;
        emit ParametersChanged(p.maxClaimAmount, p.quorum, p.settlementDelay);
    }

    function _checkBounds(string memory name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ParameterOutOfBounds(name, value, min, max);
    }

    function _votingEndsAt(uint256 incidentId) private view returns (uint256) {
        Incident storage incident = _incidents[incidentId];
        return uint256(incident.votingEndsAt) + (_pause.pausedTotal - incident.pausedBefore);
    }

    function _pausedTotalNow() private view returns (uint256) {
        PauseState memory pause = _pause;
        return pause.paused ? pause.pausedTotal + (block.timestamp - pause.pausedAt) : pause.pausedTotal;
    }

    /// @dev Sorted ascending, the element at n-1-floor(n/2): the largest amount more than half approved.
    function _majorityAmount(uint96[] storage stored) private view returns (uint256) {
        uint256 n = stored.length;
        uint256[] memory amounts = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 value = stored[i];
            uint256 j = i;
            while (j > 0 && amounts[j - 1] > value) {
                amounts[j] = amounts[j - 1];
                --j;
            }
            amounts[j] = value;
        }
        return amounts[n - 1 - n / 2];
    }

    function _filed(bytes32 claimId) private view returns (Claim storage claim) {
        claim = _claims[claimId];
        ClaimStatus status = _statusOf(claim);
        if (status != ClaimStatus.Filed) revert ClaimNotInStatus(claimId, ClaimStatus.Filed, status);
    }

    function _approved(bytes32 claimId) private view returns (Claim storage claim) {
        claim = _claims[claimId];
        ClaimStatus status = _statusOf(claim);
        if (status != ClaimStatus.Approved) revert ClaimNotInStatus(claimId, ClaimStatus.Approved, status);
    }

    /// @dev Filing writes only slot 1, so a recorded claim with status None is Filed.
    function _statusOf(Claim storage claim) private view returns (ClaimStatus) {
        if (claim.recipient == address(0)) return ClaimStatus.None;
        return claim.status == ClaimStatus.None ? ClaimStatus.Filed : claim.status;
    }
}
