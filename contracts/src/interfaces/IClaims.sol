// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Private claims: filed with a zero-knowledge proof of eligibility, assessed by the
/// community's assessors (the assessment module, ASSESSMENT_ROLE), paid to the recipient bound into the proof.
interface IClaims {
    /// @dev Filed: proof verified, awaiting the assessment. Approved, Rejected, Expired: the assessment's
    /// decision. Appealed: a rejected, expired or cut decision under appeal (an approved amount stays reserved
    /// until the appeal decides). Lapsed: approved, but every payment tried for STUCK_AFTER (pauses excluded)
    /// failed (the recipient cannot receive); its reservation is released.
    enum ClaimStatus {
        None,
        Filed,
        Approved,
        Rejected,
        Expired,
        Paid,
        Lapsed,
        Appealed
    }

    /// @notice The rules a claim is judged by, fixed when the incident is opened: later parameter changes
    /// never apply to it. Windows are stretched by the time the mutual spent paused since opening.
    struct Incident {
        // slot 1: everything fileClaim reads
        uint40 occurredAt;
        uint40 claimsCloseAt;
        uint40 votingEndsAt;
        uint48 pausedBefore;
        uint88 maxClaimAmount;
        // slot 2: read when deciding and paying
        uint16 quorum;
        uint32 settlementDelay;
    }

    /// @dev Deadlines counted from the decision (appeal, payout, lapse) are stretched by the time the mutual spent
    /// paused since it: `pausedBefore` is the mutual's paused total when it was decided. `failedAt` is the first
    /// time paying it was tried and the token refused the transfer (0: never).
    struct Claim {
        address recipient;
        uint96 amount;
        ClaimStatus status;
        uint96 approvedAmount;
        uint40 decidedAt;
        uint48 pausedBefore;
        uint40 failedAt;
    }

    /// @notice Governable parameters, each within the bounds the contract enforces.
    struct Parameters {
        uint88 maxClaimAmount;
        uint16 quorum;
        uint32 settlementDelay;
    }

    /// @notice What a claimant (or a relayer on their behalf) submits.
    /// @param ratingClass The claimant's rating class, proven from their leaf: the claim discloses it (and nothing
    /// finer), so each class's claims experience is public.
    /// @param proof [A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y] (toSolidityProof in @mutua/proofs).
    struct ClaimRequest {
        uint256 incidentId;
        uint256 root;
        uint256 nullifier;
        uint256 amount;
        uint32 ratingClass;
        address recipient;
        /// @dev The sha2-256 digest of the evidence directory: its CID is EVIDENCE_CID_PREFIX followed by these bytes
        /// (CIDv1, dag-pb), the only kind of CID evidence can be, so only the digest travels.
        bytes32 evidenceDigest;
        uint256[8] proof;
    }

    event IncidentOpened(uint256 indexed incidentId, uint40 occurredAt, uint40 claimsCloseAt, uint40 votingEndsAt);
    event ClaimFiled(
        bytes32 indexed claimId,
        uint256 indexed incidentId,
        uint256 nullifier,
        address recipient,
        uint256 amount,
        uint32 ratingClass,
        bytes32 evidenceDigest
    );
    event ClaimAppealed(bytes32 indexed claimId);
    event ClaimDecided(bytes32 indexed claimId, ClaimStatus status, uint256 amount);
    event ClaimPaid(bytes32 indexed claimId, address indexed recipient, uint256 amount);
    event ClaimLapsed(bytes32 indexed claimId, uint256 amount);
    /// @notice Paying the claim was tried and the token refused the transfer; the claim stays Approved and payable.
    event PaymentFailed(bytes32 indexed claimId, address indexed recipient, uint256 amount);
    event ParametersChanged(uint88 maxClaimAmount, uint16 quorum, uint32 settlementDelay);
    event PauseChanged(bool paused);

    error InvalidProof();
    error UnknownRoot(uint256 root);
    error NullifierAlreadyUsed(uint256 nullifier);
    error IncidentNotOpen(uint256 incidentId);
    error InvalidIncidentWindow();
    error AmountOverCap(uint256 amount, uint256 cap);
    error InvalidRecipient();
    error ClaimNotInStatus(bytes32 claimId, ClaimStatus expected, ClaimStatus actual);
    error DecisionInvalid(bytes32 claimId, ClaimStatus decision, uint256 amount);
    error NotAppealable(bytes32 claimId);
    error AppealWindowClosed(bytes32 claimId, uint256 closedAt);
    error SettlementCooldown(bytes32 claimId, uint256 readyAt);
    /// @notice `lapsesAt` 0: no payment of this claim has failed yet (settle it first).
    error NotStuckYet(bytes32 claimId, uint256 lapsesAt);
    error LossTooOld(uint256 occurredAt, uint256 oldestAllowed);
    error ParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);
    error ZeroAddress(string role);
    error ClaimsPaused();

    function fileClaim(ClaimRequest calldata request) external returns (bytes32 claimId);
    /// @notice The assessment module's decision on a Filed or Appealed claim (Approved with an amount, Rejected, Expired).
    function decide(uint256 incidentId, uint256 nullifier, ClaimStatus decision, uint256 amount) external;
    /// @notice The assessment module opens an appeal: a Rejected, Expired or cut claim, within its settlement delay.
    function markAppealed(uint256 incidentId, uint256 nullifier) external;
    function settle(uint256 incidentId, uint256 nullifier) external;
    function getClaim(uint256 incidentId, uint256 nullifier) external view returns (Claim memory);
    /// @notice Claims are addressed by (incident, nullifier): the key binds the incident whose windows apply.
    function claimIdOf(uint256 incidentId, uint256 nullifier) external pure returns (bytes32);
    function scopeOf(uint256 incidentId) external view returns (uint256);
}
