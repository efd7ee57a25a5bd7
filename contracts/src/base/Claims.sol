// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IClaims} from "../interfaces/IClaims.sol";
import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";
import {MemberRegistry} from "./MemberRegistry.sol";
import {PremiumPool} from "./PremiumPool.sol";

/// @title Private claims and their community assessment
/// @notice A claim is filed with a Groth16 proof that the claimant is a current member, within
/// coverage and policy period, and that (incident, evidence, recipient) are the ones proven. The proof
/// is verified before anything is recorded. Assessors then vote within the incident's voting window;
/// anyone finalizes the decision after it and settles the payout after a cooldown.
abstract contract Claims is MemberRegistry, PremiumPool, IClaims {
    bytes32 public constant ASSESSOR_ROLE = keccak256("ASSESSOR_ROLE");
    uint256 public constant MAX_CID_LENGTH = 128;

    /// @dev Read together on every filing: one storage slot.
    struct ClaimsConfig {
        uint96 maxClaimAmount;
        uint32 claimTimeTolerance;
        uint16 quorum;
        uint32 settlementDelay;
        bool paused;
    }


    ClaimsConfig internal _config;
    uint256 public incidentCount;
    mapping(uint256 incidentId => Incident) public incidents;
    /// @dev Claim's first slot (recipient, amount) is the only storage write of fileClaim; the second is assessment's.
    mapping(bytes32 claimId => Claim) internal _claims;
    mapping(bytes32 claimId => mapping(address assessor => bool)) public hasVoted;

    modifier whenNotPaused() {
        if (_config.paused) revert ClaimsPaused();
        _;
    }

    /// @notice Opens an incident (or a claims period): claims until `claimsCloseAt`, votes until `votingEndsAt`.
    function openIncident(uint40 claimsCloseAt, uint40 votingEndsAt) external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 incidentId) {
        if (claimsCloseAt <= block.timestamp || votingEndsAt <= claimsCloseAt) revert InvalidIncidentWindow();
        incidentId = ++incidentCount;
        incidents[incidentId] = Incident(claimsCloseAt, votingEndsAt);
        emit IncidentOpened(incidentId, claimsCloseAt, votingEndsAt);
    }

    /// @inheritdoc IClaims
    function fileClaim(ClaimRequest calldata request) external returns (bytes32 claimId) {
        _checkRequest(request);
        claimId = claimIdOf(request.incidentId, request.nullifier);
        Claim storage claim = _claims[claimId];
        if (claim.recipient != address(0)) revert NullifierAlreadyUsed(request.nullifier);

        // Scope and evidence hash are computed here, never taken from the caller: a proof made for
        // another chain, deployment, incident or evidence cannot verify.
        // Order: ELIGIBILITY_PUBLIC_SIGNALS in @mutua/core.
        uint256[7] memory signals = [
            request.root,
            request.nullifier,
            request.amount,
            request.claimTime,
            scopeOf(request.incidentId),
            uint256(keccak256(request.evidenceCid)) >> 8,
            uint256(uint160(request.recipient))
        ];
        if (!EligibilityVerifier.verify(request.proof, signals)) revert InvalidProof();

        claim.recipient = request.recipient;
        claim.amount = uint96(request.amount);
        emit ClaimFiled(claimId, request.incidentId, request.nullifier, request.recipient, request.amount, request.evidenceCid);
    }

    /// @dev Everything about a request that can be checked without the proof, cheapest first.
    function _checkRequest(ClaimRequest calldata request) private view {
        ClaimsConfig memory config = _config;
        if (config.paused) revert ClaimsPaused();
        if (block.timestamp > incidents[request.incidentId].claimsCloseAt) revert IncidentNotOpen(request.incidentId);
        if (request.amount == 0) revert ZeroAmount();
        if (request.amount > config.maxClaimAmount) revert AmountOverCap(request.amount, config.maxClaimAmount);
        // The proof's `now` drives the policy-period check; it must be the present, give or take.
        uint256 claimTime = request.claimTime;
        if (claimTime + config.claimTimeTolerance < block.timestamp || claimTime > block.timestamp + config.claimTimeTolerance) {
            revert ClaimTimeOutOfRange(claimTime, block.timestamp);
        }
        if (request.recipient == address(0)) revert InvalidRecipient();
        if (request.evidenceCid.length == 0 || request.evidenceCid.length > MAX_CID_LENGTH) revert InvalidEvidenceCid();
        if (!isKnownRoot(request.root)) revert UnknownRoot(request.root);
    }

    /// @notice An assessor's vote; an approval may name a lower amount than claimed. One vote per assessor.
    function vote(uint256 incidentId, uint256 nullifier, bool approve, uint256 amount) external onlyRole(ASSESSOR_ROLE) whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _filed(claimId);
        if (block.timestamp > incidents[incidentId].votingEndsAt) revert VotingClosed(claimId);
        if (hasVoted[claimId][msg.sender]) revert AlreadyVoted(claimId, msg.sender);
        hasVoted[claimId][msg.sender] = true;
        if (approve) {
            if (amount == 0 || amount > claim.amount) revert ApprovedAmountInvalid(amount, claim.amount);
            // The payout is the lowest amount any approving assessor accepted.
            if (claim.approvals == 0 || amount < claim.approvedAmount) claim.approvedAmount = uint96(amount);
            claim.approvals += 1;
        } else {
            claim.rejections += 1;
        }
        emit Voted(claimId, msg.sender, approve, approve ? amount : 0);
    }

    /// @notice Decides a claim once voting has ended: no quorum → Expired, majority approves → Approved
    /// (the amount is reserved in the pool), otherwise Rejected. Anyone may call it.
    function finalize(uint256 incidentId, uint256 nullifier) external whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _filed(claimId);
        uint256 endsAt = incidents[incidentId].votingEndsAt;
        if (block.timestamp <= endsAt) revert VotingStillOpen(claimId, endsAt);
        ClaimStatus decision;
        if (uint256(claim.approvals) + claim.rejections < _config.quorum) {
            decision = ClaimStatus.Expired;
        } else if (claim.approvals > claim.rejections) {
            decision = ClaimStatus.Approved;
            _reserve(claim.approvedAmount);
        } else {
            decision = ClaimStatus.Rejected;
        }
        claim.status = decision;
        claim.decidedAt = uint40(block.timestamp);
        emit ClaimDecided(claimId, decision, decision == ClaimStatus.Approved ? claim.approvedAmount : 0);
    }

    /// @notice Pays an approved claim to its proven recipient once the cooldown has passed. Anyone may call it.
    function settle(uint256 incidentId, uint256 nullifier) external nonReentrant whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _claims[claimId];
        ClaimStatus status = _statusOf(claim);
        if (status != ClaimStatus.Approved) revert ClaimNotInStatus(claimId, ClaimStatus.Approved, status);
        uint256 readyAt = uint256(claim.decidedAt) + _config.settlementDelay;
        if (block.timestamp < readyAt) revert SettlementCooldown(claimId, readyAt);
        claim.status = ClaimStatus.Paid;
        _payReserved(claim.recipient, claim.approvedAmount);
        emit ClaimPaid(claimId, claim.recipient, claim.approvedAmount);
    }

    function setParameters(uint96 maxClaimAmount, uint32 claimTimeTolerance, uint16 quorum, uint32 settlementDelay)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _setParameters(maxClaimAmount, claimTimeTolerance, quorum, settlementDelay);
    }

    function setPaused(bool paused) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _config.paused = paused;
        emit PauseChanged(paused);
    }

    function parameters() external view returns (ClaimsConfig memory) {
        return _config;
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

    function _setParameters(uint96 maxClaimAmount, uint32 claimTimeTolerance, uint16 quorum, uint32 settlementDelay) internal {
        if (maxClaimAmount == 0 || quorum == 0) revert InvalidParameters();
        bool paused = _config.paused;
        _config = ClaimsConfig(maxClaimAmount, claimTimeTolerance, quorum, settlementDelay, paused);
        emit ParametersChanged(maxClaimAmount, claimTimeTolerance, quorum, settlementDelay);
    }

    function _filed(bytes32 claimId) private view returns (Claim storage claim) {
        claim = _claims[claimId];
        ClaimStatus status = _statusOf(claim);
        if (status != ClaimStatus.Filed) revert ClaimNotInStatus(claimId, ClaimStatus.Filed, status);
    }

    /// @dev Filing writes only slot 1, so a recorded claim with status None is Filed.
    function _statusOf(Claim storage claim) private view returns (ClaimStatus) {
        if (claim.recipient == address(0)) return ClaimStatus.None;
        return claim.status == ClaimStatus.None ? ClaimStatus.Filed : claim.status;
    }
}
