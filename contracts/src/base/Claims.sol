// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IClaims} from "../interfaces/IClaims.sol";
import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";
import {MemberRegistry} from "./MemberRegistry.sol";

/// @title Private claims and their community assessment
/// @notice A claim is filed with a Groth16 proof that the claimant is a member whose paid policy covered
/// the incident's loss time and the amount, and that (incident, evidence, recipient) are the ones proven.
/// The proof is verified before anything is recorded. The assessment module (ASSESSMENT_ROLE: anonymous,
/// sealed assessor votes and appeals, PrivateAssessment.sol) decides it; anyone settles the payout after a
/// cooldown, during which a rejected or cut decision can be appealed.
///
/// Powers are split: governance (a timelock, DEFAULT_ADMIN_ROLE) sets bounded parameters and grants roles;
/// the issuer admits members; the incident opener opens incidents; the pauser pauses; the assessment decides.
abstract contract Claims is MemberRegistry, IClaims {
    bytes32 public constant ASSESSMENT_ROLE = keccak256("ASSESSMENT_ROLE");
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
    /// @notice Governance may open an incident for a loss at most this long ago.
    uint32 public constant MAX_INCIDENT_AGE = 365 days;
    /// @notice The incident opener's key may open an incident for a loss at most this long ago.
    uint32 public constant MAX_OPENER_BACKDATE = 3 days;
    /// @notice An approved claim whose payment first failed this long ago (pauses excluded) and still fails lapses.
    uint32 public constant STUCK_AFTER = 30 days;
    /// @notice Evidence is a CIDv1, dag-pb, sha2-256 (a UnixFS directory): 0x01 0x70 0x12 0x20 + the 32-byte digest
    /// a claim carries.
    bytes4 public constant EVIDENCE_CID_PREFIX = 0x01701220;

    Parameters internal _parameters;
    uint256 public incidentCount;
    mapping(uint256 incidentId => Incident) internal _incidents;
    /// @dev Claim's first slot (recipient, amount) is the only storage write of fileClaim; the second is assessment's.
    mapping(bytes32 claimId => Claim) internal _claims;

    /// @dev A function call rather than inlined code at each use: MutuaMutual is near the 24 KB code size limit.
    modifier whenNotPaused() {
        _requireNotPaused();
        _;
    }

    /// @notice Opens an incident: a loss at `occurredAt` (not in the future), claims until `claimsCloseAt`,
    /// votes until `votingEndsAt`. The current quorum, cooldown and cap become this incident's rules.
    /// The loss time decides whose policy covered it, so the incident opener's key may place it at most
    /// MAX_OPENER_BACKDATE in the past; an older loss (up to MAX_INCIDENT_AGE) takes governance: a members' vote
    /// through the timelock's delay.
    function openIncident(uint40 occurredAt, uint40 claimsCloseAt, uint40 votingEndsAt)
        external
        whenNotPaused
        returns (uint256 incidentId)
    {
        bool governance = hasRole(DEFAULT_ADMIN_ROLE, msg.sender);
        if (!governance) _checkRole(INCIDENT_ROLE);
        uint256 nowTs = block.timestamp;
        if (occurredAt == 0 || occurredAt > nowTs) revert InvalidIncidentWindow();
        uint256 maxAge = governance ? MAX_INCIDENT_AGE : MAX_OPENER_BACKDATE;
        if (nowTs - occurredAt > maxAge) revert LossTooOld(occurredAt, nowTs - maxAge);
        if (
            claimsCloseAt < nowTs + MIN_FILING_WINDOW
                || claimsCloseAt > nowTs + MAX_FILING_WINDOW || votingEndsAt < uint256(claimsCloseAt) + MIN_VOTING_WINDOW
                || votingEndsAt > uint256(claimsCloseAt) + MAX_VOTING_WINDOW
        ) revert InvalidIncidentWindow();
        Parameters memory rules = _parameters;
        incidentId = ++incidentCount;
        _incidents[incidentId] = Incident(
            occurredAt, claimsCloseAt, votingEndsAt, _gate.pausedTotal, rules.maxClaimAmount, rules.quorum, rules.settlementDelay
        );
        emit IncidentOpened(incidentId, occurredAt, claimsCloseAt, votingEndsAt);
    }

    /// @inheritdoc IClaims
    function fileClaim(ClaimRequest calldata request) external returns (bytes32 claimId) {
        uint256 occurredAt;
        {
            // The gate's slot read once (ClaimGate in MemberRegistry.sol): minValidSequence (64 bits), paused (8),
            // pausedAt (40), pausedTotal (48).
            uint256 gate;
            assembly ("memory-safe") {
                gate := sload(_gate.slot)
            }
            if (uint8(gate >> 64) != 0) revert ClaimsPaused();
            // The incident's first slot read once: Solidity reads each packed field apart (another SLOAD each). Its
            // layout is Incident's (IClaims.sol): occurredAt, claimsCloseAt, votingEndsAt (40 bits each), pausedBefore
            // (48), maxClaimAmount (88).
            Incident storage stored = _incidents[request.incidentId];
            uint256 word;
            assembly ("memory-safe") {
                word := sload(stored.slot)
            }
            occurredAt = uint40(word);
            uint256 closesAt = uint256(uint40(word >> 40)) + (uint48(gate >> 112) - uint48(word >> 120));
            uint256 cap = word >> 168;
            if (occurredAt == 0 || block.timestamp > closesAt) revert IncidentNotOpen(request.incidentId);
            if (request.amount == 0) revert ZeroAmount();
            if (request.amount > cap) revert AmountOverCap(request.amount, cap);
            if (request.recipient == address(0)) revert InvalidRecipient();
            if (!_isKnownRoot(request.root, uint64(gate))) revert UnknownRoot(request.root);
        }
        claimId = claimIdOf(request.incidentId, request.nullifier);
        Claim storage claim = _claims[claimId];
        if (claim.recipient != address(0)) revert NullifierAlreadyUsed(request.nullifier);

        // Every input but root and nullifier is computed here, never taken from the caller: a proof made for
        // another time, chain, deployment, incident, evidence or recipient cannot verify.
        // Order: ELIGIBILITY_PUBLIC_SIGNALS; `claim` as packClaim and `binding` as claimBinding in @mutua/core (the
        // scope's top 86 bits, which the nullifier is derived with, ride in `claim`; the whole scope in `binding`).
        {
            // scope = scopeOf(incidentId), evidenceHash = cidToField(prefix ‖ digest), binding = keccak256(abi.encode(
            // scope, evidenceHash, recipient)) >> 8: hashed in scratch memory, without abi.encode's allocations.
            uint256 scope;
            uint256 binding;
            {
                uint256 incidentId = request.incidentId;
                bytes32 digest = request.evidenceDigest;
                address recipient = request.recipient;
                assembly ("memory-safe") {
                    let m := mload(0x40)
                    mstore(m, chainid())
                    mstore(add(m, 32), address())
                    mstore(add(m, 64), incidentId)
                    scope := shr(8, keccak256(m, 96))
                    mstore(m, EVIDENCE_CID_PREFIX)
                    mstore(add(m, 4), digest)
                    let evidenceHash := shr(8, keccak256(m, 36))
                    mstore(m, scope)
                    mstore(add(m, 32), evidenceHash)
                    mstore(add(m, 64), recipient)
                    binding := shr(8, keccak256(m, 96))
                }
            }
            uint256[4] memory signals = [
                request.root,
                request.nullifier,
                ((scope >> 162) << 167) | (uint256(request.ratingClass) << 128) | (request.amount << 40) | occurredAt,
                binding
            ];
            if (!EligibilityVerifier.verify(request.proof, signals)) revert InvalidProof();
        }

        claim.recipient = request.recipient;
        claim.amount = uint96(request.amount);
        emit ClaimFiled(
            claimId, request.incidentId, request.nullifier, request.recipient, request.amount, request.ratingClass, request.evidenceDigest
        );
    }

    /// @inheritdoc IClaims
    /// @dev An Approved decision reserves its amount in the pool; a decision after an appeal first releases
    /// what the first decision reserved, so the reservation always follows the final outcome.
    function decide(uint256 incidentId, uint256 nullifier, ClaimStatus decision, uint256 amount)
        external
        onlyRole(ASSESSMENT_ROLE)
        whenNotPaused
    {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _claims[claimId];
        ClaimStatus status = _statusOf(claim);
        if (status != ClaimStatus.Filed && status != ClaimStatus.Appealed) revert ClaimNotInStatus(claimId, ClaimStatus.Filed, status);
        bool approved = decision == ClaimStatus.Approved;
        if (
            (approved && (amount == 0 || amount > claim.amount))
                || (!approved && (amount != 0 || (decision != ClaimStatus.Rejected && decision != ClaimStatus.Expired)))
        ) revert DecisionInvalid(claimId, decision, amount);
        if (claim.approvedAmount > 0) _release(claim.approvedAmount);
        if (approved) _reserve(amount);
        claim.status = decision;
        claim.approvedAmount = uint96(amount);
        claim.decidedAt = uint40(block.timestamp);
        claim.pausedBefore = _gate.pausedTotal;
        emit ClaimDecided(claimId, decision, amount);
    }

    /// @inheritdoc IClaims
    /// @dev The appeal window is the incident's settlement delay: a decision can be appealed exactly while it
    /// cannot be paid yet, so no payout ever races an appeal.
    function markAppealed(uint256 incidentId, uint256 nullifier) external onlyRole(ASSESSMENT_ROLE) whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _claims[claimId];
        ClaimStatus status = _statusOf(claim);
        bool cut = status == ClaimStatus.Approved && claim.approvedAmount < claim.amount;
        if (!cut && status != ClaimStatus.Rejected && status != ClaimStatus.Expired) revert NotAppealable(claimId);
        uint256 closesAt = _afterDecision(claim, _incidents[incidentId].settlementDelay);
        if (block.timestamp >= closesAt) revert AppealWindowClosed(claimId, closesAt);
        claim.status = ClaimStatus.Appealed;
        emit ClaimAppealed(claimId);
    }

    /// @notice Pays an approved claim to its proven recipient once the cooldown has passed. Anyone may call it.
    /// If the token refuses the transfer (the recipient is blocklisted, say), nothing is paid, the claim stays
    /// Approved and payable, and the first such failure starts the clock after which it may lapse.
    function settle(uint256 incidentId, uint256 nullifier) external nonReentrant whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _approved(claimId);
        uint256 readyAt = _afterDecision(claim, _incidents[incidentId].settlementDelay);
        if (block.timestamp < readyAt) revert SettlementCooldown(claimId, readyAt);
        if (!_tryPay(claimId, claim) && claim.failedAt == 0) claim.failedAt = uint40(block.timestamp);
    }

    /// @notice Releases the reservation of an approved claim that cannot be paid: its payment first failed at least
    /// STUCK_AFTER ago (time paused since the decision not counted), and paying it once more fails now. Anyone may
    /// call it; a claim that can be paid now is paid instead, so no payable claim is ever cancelled.
    function lapse(uint256 incidentId, uint256 nullifier) external nonReentrant whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, nullifier);
        Claim storage claim = _approved(claimId);
        uint256 failedAt = claim.failedAt;
        uint256 lapsesAt = failedAt == 0 ? 0 : failedAt + STUCK_AFTER + _pausedSinceDecision(claim);
        if (failedAt == 0 || block.timestamp < lapsesAt) revert NotStuckYet(claimId, lapsesAt);
        if (_tryPay(claimId, claim)) return;
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
        ClaimGate memory pause = _gate;
        if (pause.paused == paused_) return;
        if (paused_) {
            pause.pausedAt = uint40(block.timestamp);
        } else {
            pause.pausedTotal += uint48(block.timestamp - pause.pausedAt);
        }
        pause.paused = paused_;
        _gate = pause;
        emit PauseChanged(paused_);
    }

    /// @notice Governance only: tokens sent to the pool by mistake (beyond its books) go to `to`.
    /// @notice Governance only (a members' vote): capital out of the pool to `to`, never more than the capital put
    /// in nor than what approved claims leave free; premiums stay for claims.
    function moveCapital(address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress("to");
        _moveCapital(to, amount);
    }

    function sweepSurplus(address to) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant returns (uint256) {
        if (to == address(0)) revert ZeroAddress("to");
        return _sweepSurplus(to);
    }

    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    function paused() external view returns (bool) {
        return _gate.paused;
    }

    /// @notice Seconds the mutual has spent paused since deployment, up to now: windows opened at an earlier
    /// total are stretched by the difference.
    function pausedTotalNow() external view returns (uint256) {
        return _pausedTotalNow();
    }

    /// @notice What the assessment module needs of an incident, in one call: the end of its voting window as it
    /// stands now (stretched by time spent paused; 0 if there is no such incident), its quorum, its settlement delay
    /// (the appeal window), and whether the mutual is paused.
    function assessmentRulesOf(uint256 incidentId)
        external
        view
        returns (uint256 votingEndsAt, uint256 quorum, uint256 settlementDelay, bool paused_)
    {
        Incident storage incident = _incidents[incidentId];
        if (incident.occurredAt != 0) votingEndsAt = _votingEndsAt(incidentId);
        return (votingEndsAt, incident.quorum, incident.settlementDelay, _gate.paused);
    }

    /// @notice The incident's rules, and its windows as they stand now (stretched by time spent paused).
    function getIncident(uint256 incidentId) external view returns (Incident memory incident, uint256 claimsCloseAt, uint256 votingEndsAt) {
        incident = _incidents[incidentId];
        uint256 extension = _pausedTotalNow() - incident.pausedBefore;
        claimsCloseAt = uint256(incident.claimsCloseAt) + extension;
        votingEndsAt = uint256(incident.votingEndsAt) + extension;
    }

    function getClaim(uint256 incidentId, uint256 nullifier) external view returns (Claim memory claim) {
        Claim storage stored = _claims[claimIdOf(incidentId, nullifier)];
        claim = stored;
        claim.status = _statusOf(stored);
    }

    function claimIdOf(uint256 incidentId, uint256 nullifier) public pure returns (bytes32 claimId) {
        // keccak256(abi.encode(incidentId, nullifier)), hashed in the scratch space (every claim pays it).
        assembly ("memory-safe") {
            mstore(0, incidentId)
            mstore(32, nullifier)
            claimId := keccak256(0, 64)
        }
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
        return uint256(incident.votingEndsAt) + (_gate.pausedTotal - incident.pausedBefore);
    }

    function _requireNotPaused() private view {
        if (_gate.paused) revert ClaimsPaused();
    }

    function _pausedTotalNow() private view returns (uint256) {
        ClaimGate memory pause = _gate;
        return pause.paused ? pause.pausedTotal + (block.timestamp - pause.pausedAt) : pause.pausedTotal;
    }

    /// @dev `delay` after the claim's decision, stretched by the time the mutual has spent paused since it.
    function _afterDecision(Claim storage claim, uint256 delay) private view returns (uint256) {
        return uint256(claim.decidedAt) + delay + _pausedSinceDecision(claim);
    }

    function _pausedSinceDecision(Claim storage claim) private view returns (uint256) {
        return _pausedTotalNow() - claim.pausedBefore;
    }

    /// @dev Pays the claim's approved amount if the token takes the transfer (Paid), else leaves it Approved.
    function _tryPay(bytes32 claimId, Claim storage claim) private returns (bool paid) {
        address recipient = claim.recipient;
        uint256 amount = claim.approvedAmount;
        claim.status = ClaimStatus.Paid;
        paid = _tryPayReserved(recipient, amount);
        if (paid) {
            emit ClaimPaid(claimId, recipient, amount);
        } else {
            claim.status = ClaimStatus.Approved;
            emit PaymentFailed(claimId, recipient, amount);
        }
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
