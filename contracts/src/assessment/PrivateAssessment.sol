// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IClaims} from "../interfaces/IClaims.sol";
import {IPrivateAssessment} from "../interfaces/IPrivateAssessment.sol";
import {VoteVerifier} from "../generated/VoteVerifier.sol";

/// @notice What the assessment needs of the mutual (MutuaMutual implements it).
interface IAssessedMutual {
    function getClaim(uint256 incidentId, uint256 nullifier) external view returns (IClaims.Claim memory);
    function assessmentRulesOf(uint256 incidentId) external view returns (uint256 votingEndsAt, uint256 quorum, uint256 settlementDelay);
    function pausedTotalNow() external view returns (uint256);
    function paused() external view returns (bool);
    function currentRoot() external view returns (uint256);
    function decide(uint256 incidentId, uint256 nullifier, IClaims.ClaimStatus decision, uint256 amount) external;
    function markAppealed(uint256 incidentId, uint256 nullifier) external;
}

/// @title Anonymous, sealed assessment of claims, with one appeal to the members
/// @notice Assessors hold seats: leaves Poseidon(identityCommitment, 0, 0, 0, 0) of a tree whose root governance
/// sets. On a claim, an assessor commits a vote with a zero-knowledge proof (the vote circuit) of holding a seat,
/// a nullifier per (seat, claim, round) and the commitment bound to the proof; relayed, the chain never learns
/// which seat voted, and until the voting window closes nobody learns how. After it, anyone holding a vote's
/// opening reveals it (approve or reject, an amount, and a reason encrypted to the claimant); only revealed votes
/// count, toward quorum too, and unrevealed ones are reported. Commit–reveal rather than encryption to a tally
/// key: no key holder who could read votes early or alone, and no threshold-decryption setup to run.
///
/// The ballot proves Poseidon(secret, claim scope) != the claim's nullifier: an assessor whose seat uses their
/// member identity cannot vote on a claim they filed (in either round). Seats are expected to be created from
/// the member identity (the SDK does); a seat made from a second identity escapes that check (docs/governance.md).
///
/// A Rejected, Expired or cut (approved below the claimed amount) decision can be appealed once, by the claim's
/// recipient, within the incident's settlement delay: round 1 is open to every member in the member tree at that
/// moment (the claimant excluded by the same check), with twice the incident's quorum. Its decision is final; if
/// it lacks quorum, the first decision stands. The pool's reservation follows the final decision.
contract PrivateAssessment is IPrivateAssessment, EIP712 {
    uint32 public constant MIN_REVEAL_WINDOW = 1 hours;
    uint32 public constant MAX_REVEAL_WINDOW = 14 days;
    uint32 public constant MIN_APPEAL_VOTING_PERIOD = 1 days;
    uint32 public constant MAX_APPEAL_VOTING_PERIOD = 30 days;
    /// @notice Ballots per round: bounds the cost of finalizing (the payout is a median of approved amounts).
    uint16 public constant MAX_BALLOTS = 128;
    uint256 public constant MAX_SEATS = 1024;
    uint8 public constant ASSESSORS_ROUND = 0;
    uint8 public constant APPEAL_ROUND = 1;
    bytes32 public constant APPEAL_TYPEHASH = keccak256("Appeal(bytes32 claimId,bytes32 disclosure)");
    /// @dev A commitment slot after its reveal.
    bytes32 private constant REVEALED = bytes32(uint256(1));

    struct Timing {
        uint40 commitEndsAt;
        uint40 revealEndsAt;
        /// @dev The mutual's pausedTotalNow when the round opened: windows stretch by time paused since.
        uint48 pausedBefore;
    }

    struct FirstDecision {
        IClaims.ClaimStatus status;
        uint96 amount;
    }

    IAssessedMutual public immutable mutual;
    /// @notice The governance timelock: sets the seats and the windows.
    address public immutable governance;
    uint256 public assessorRoot;
    uint256 public assessorCount;
    uint32 public revealWindow;
    uint32 public appealVotingPeriod;
    mapping(bytes32 claimId => mapping(uint8 round => Round)) internal _rounds;
    mapping(bytes32 claimId => mapping(uint8 round => Timing)) internal _timings;
    mapping(bytes32 claimId => mapping(uint8 round => uint96[])) internal _approvedAmounts;
    mapping(bytes32 claimId => FirstDecision) internal _firstDecisions;
    /// @notice A ballot's commitment by its nullifier (unique per seat or member, claim and round); 1 once revealed.
    mapping(uint256 voteNullifier => bytes32) public commitmentOf;

    modifier onlyGovernance() {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (mutual.paused()) revert AssessmentPaused();
        _;
    }

    /// @param seats The first assessor seats and their tree's root (none: governance appoints them later).
    constructor(
        IAssessedMutual mutual_,
        address governance_,
        uint32 revealWindow_,
        uint32 appealVotingPeriod_,
        uint256[] memory seats,
        uint256 root
    ) EIP712("Mutua assessment", "1") {
        mutual = mutual_;
        governance = governance_;
        _setWindows(revealWindow_, appealVotingPeriod_);
        if (seats.length > 0) _setAssessorSeats(seats, root);
    }

    /// @notice Governance only: the assessor seats (every leaf, for anyone to rebuild the tree and check `root`).
    function setAssessorSeats(uint256[] calldata seats, uint256 root) external onlyGovernance {
        _setAssessorSeats(seats, root);
    }

    function _setAssessorSeats(uint256[] memory seats, uint256 root) private {
        if (seats.length == 0 || seats.length > MAX_SEATS || root == 0 || root >= VoteVerifier.R) revert InvalidSeats();
        for (uint256 i = 0; i < seats.length; ++i) {
            if (seats[i] == 0 || seats[i] >= VoteVerifier.R) revert InvalidSeats();
        }
        assessorRoot = root;
        assessorCount = seats.length;
        emit AssessorSeatsChanged(seats, root);
    }

    /// @notice Governance only: the reveal window and the appeal round's voting period, for rounds opened from now.
    function setWindows(uint32 revealWindow_, uint32 appealVotingPeriod_) external onlyGovernance {
        _setWindows(revealWindow_, appealVotingPeriod_);
    }

    /// @notice A sealed vote: `commitment` = commitmentFor(claimId, round, opening), proven by a ballot of the round's tree. Anyone may send it (a relayer).
    function commitVote(
        uint256 incidentId,
        uint256 claimNullifier,
        uint8 round,
        uint256 voteNullifier,
        bytes32 commitment,
        uint256[8] calldata proof
    ) external whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        if (round == ASSESSORS_ROUND && _rounds[claimId][round].root == 0) _openAssessorsRound(incidentId, claimNullifier, claimId);
        Round storage r = _rounds[claimId][round];
        if (r.root == 0) revert ClaimNotFiled(claimId);
        (uint256 commitEndsAt,) = _windows(claimId, round);
        if (block.timestamp > commitEndsAt) revert CommitClosed(claimId, commitEndsAt);
        if (commitmentOf[voteNullifier] != 0) revert BallotAlreadyCast(voteNullifier);
        if (r.commits >= MAX_BALLOTS) revert TooManyVotes(claimId);
        uint256[6] memory signals = [
            r.root,
            voteNullifier,
            ballotScopeOf(claimId, round),
            uint256(commitment) >> 8,
            claimScopeOf(incidentId),
            claimNullifier
        ];
        if (!VoteVerifier.verify(proof, signals)) revert InvalidBallotProof();
        commitmentOf[voteNullifier] = commitment;
        r.commits += 1;
        emit VoteCommitted(claimId, round, voteNullifier, commitment);
    }

    /// @notice Opens a sealed vote after the commit window, within the reveal window. Anyone holding the opening
    /// may send it. The opening's `encryptedReason` is the reason sealed to the claimant (a JWE), bound by the commitment.
    function revealVote(uint256 incidentId, uint256 claimNullifier, uint8 round, uint256 voteNullifier, Opening calldata opening)
        external
        whenNotPaused
    {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        if (_rounds[claimId][round].root == 0) revert ClaimNotFiled(claimId);
        (uint256 commitEndsAt, uint256 revealEndsAt) = _windows(claimId, round);
        if (block.timestamp <= commitEndsAt || block.timestamp > revealEndsAt) revert RevealNotOpen(claimId, commitEndsAt + 1, revealEndsAt);
        bytes32 committed = commitmentOf[voteNullifier];
        if (committed == 0) revert UnknownBallot(voteNullifier);
        if (committed == REVEALED) revert AlreadyRevealed(voteNullifier);
        if (committed != commitmentFor(claimId, round, opening)) revert RevealMismatch(voteNullifier);
        commitmentOf[voteNullifier] = REVEALED;
        _count(incidentId, claimNullifier, claimId, round, opening.approve, opening.amount);
        emit VoteRevealed(claimId, round, voteNullifier, opening.approve, opening.amount, opening.encryptedReason);
    }

    /// @notice Decides the claim's current round once its reveal window has closed. Anyone may call it.
    /// Round 0: too few revealed votes → Expired; a majority approving → Approved at the largest amount more
    /// than half of the approvals accept; otherwise Rejected. Round 1 the same, except that without quorum the
    /// first decision stands.
    function finalize(uint256 incidentId, uint256 claimNullifier) external whenNotPaused {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        uint8 round = _rounds[claimId][APPEAL_ROUND].root != 0 ? APPEAL_ROUND : ASSESSORS_ROUND;
        if (round == ASSESSORS_ROUND && _rounds[claimId][round].root == 0) _openAssessorsRound(incidentId, claimNullifier, claimId);
        Round storage r = _rounds[claimId][round];
        if (r.decided) revert RoundAlreadyDecided(claimId, round);
        (, uint256 revealEndsAt) = _windows(claimId, round);
        if (block.timestamp <= revealEndsAt) revert RoundStillOpen(claimId, revealEndsAt + 1);
        r.decided = true;
        uint256 revealed = uint256(r.approvals) + r.rejections;
        IClaims.ClaimStatus decision;
        uint256 amount;
        if (revealed < r.quorum) {
            FirstDecision memory first = _firstDecisions[claimId];
            (decision, amount) = round == APPEAL_ROUND ? (first.status, uint256(first.amount)) : (IClaims.ClaimStatus.Expired, 0);
        } else if (r.approvals > r.rejections) {
            decision = IClaims.ClaimStatus.Approved;
            amount = _majorityAmount(_approvedAmounts[claimId][round]);
        } else {
            decision = IClaims.ClaimStatus.Rejected;
        }
        mutual.decide(incidentId, claimNullifier, decision, amount);
        emit RoundDecided(claimId, round, uint8(decision), amount, revealed, r.commits - revealed);
    }

    /// @notice Appeals a Rejected, Expired or cut decision, once, within the incident's settlement delay. The
    /// claim's recipient authorizes it: as the sender, or by an EIP-712 signature of Appeal(claimId,
    /// keccak256(disclosure)) that anyone (a relayer) submits. Opens round 1 to the members in the member tree now.
    /// `disclosure` is what the claimant gives the members to judge by (the SDK's: a key that reads the evidence and
    /// the key reasons are sealed to); it is published in AppealFiled, so the claimant chooses what it reveals.
    function appeal(uint256 incidentId, uint256 claimNullifier, bytes calldata disclosure, bytes calldata signature)
        external
        whenNotPaused
    {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        if (_rounds[claimId][APPEAL_ROUND].root != 0) revert AlreadyAppealed(claimId);
        IClaims.Claim memory claim = mutual.getClaim(incidentId, claimNullifier);
        if (signature.length == 0) {
            if (msg.sender != claim.recipient) revert NotClaimRecipient(msg.sender, claim.recipient);
        } else if (!SignatureChecker.isValidSignatureNow(claim.recipient, appealDigest(claimId, keccak256(disclosure)), signature)) {
            revert NotClaimRecipient(address(0), claim.recipient);
        }
        emit AppealFiled(claimId, disclosure);
        _firstDecisions[claimId] = FirstDecision(claim.status, claim.approvedAmount);
        mutual.markAppealed(incidentId, claimNullifier);
        (, uint256 quorum,) = mutual.assessmentRulesOf(incidentId);
        uint256 commitEndsAt = block.timestamp + appealVotingPeriod;
        _openRound(claimId, APPEAL_ROUND, mutual.currentRoot(), commitEndsAt, commitEndsAt + revealWindow, 2 * quorum);
    }

    /// @notice keccak256 of the ballot circuit's Groth16 verification key (publish and compare it).
    function verifyingKeyHash() external pure returns (bytes32) {
        return VoteVerifier.VERIFYING_KEY_HASH;
    }

    /// @notice True when the ballot verifier uses the public dev setup: anyone can forge ballots. Never on a real chain.
    function devSetup() external pure returns (bool) {
        return VoteVerifier.DEV_SETUP;
    }

    /// @notice The round's tally so far (votes count only once revealed) and its windows as they stand now.
    function roundOf(bytes32 claimId, uint8 round) external view returns (Round memory r, uint256 commitEndsAt, uint256 revealEndsAt) {
        r = _rounds[claimId][round];
        if (r.root != 0) (commitEndsAt, revealEndsAt) = _windows(claimId, round);
    }

    /// @notice The digest a claim's recipient signs to appeal it (EIP-712, domain "Mutua assessment", version 1).
    function appealDigest(bytes32 claimId, bytes32 disclosureHash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(APPEAL_TYPEHASH, claimId, disclosureHash)));
    }

    function commitmentFor(bytes32 claimId, uint8 round, Opening calldata opening) public pure returns (bytes32) {
        return keccak256(
            abi.encode(claimId, round, opening.approve, opening.amount, opening.salt, keccak256(opening.encryptedReason))
        );
    }

    /// @notice The ballot box of a claim's round: keccak256(abi.encode(chainid, this, ballotId)) >> 8 with ballotId =
    /// uint256(keccak256(abi.encode(claimId, round))), as ballotScope in the core package.
    function ballotScopeOf(bytes32 claimId, uint8 round) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), uint256(keccak256(abi.encode(claimId, round)))))) >> 8;
    }

    /// @notice The claim's own scope (the mutual's scopeOf): a ballot's nullifier in it must not be the claim's.
    function claimScopeOf(uint256 incidentId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(mutual), incidentId))) >> 8;
    }

    function claimIdOf(uint256 incidentId, uint256 nullifier) public pure returns (bytes32) {
        return keccak256(abi.encode(incidentId, nullifier));
    }

    function _count(uint256 incidentId, uint256 claimNullifier, bytes32 claimId, uint8 round, bool approve, uint256 amount) private {
        Round storage r = _rounds[claimId][round];
        if (approve) {
            uint256 claimed = mutual.getClaim(incidentId, claimNullifier).amount;
            if (amount == 0 || amount > claimed) revert ApprovedAmountInvalid(amount, claimed);
            _approvedAmounts[claimId][round].push(uint96(amount));
            r.approvals += 1;
        } else {
            if (amount != 0) revert ApprovedAmountInvalid(amount, 0);
            r.rejections += 1;
        }
    }

    /// @dev Round 0 opens with the first ballot (or at finalize): the seats' root then, the incident's windows.
    function _openAssessorsRound(uint256 incidentId, uint256 claimNullifier, bytes32 claimId) private {
        IClaims.ClaimStatus status = mutual.getClaim(incidentId, claimNullifier).status;
        if (status != IClaims.ClaimStatus.Filed) revert ClaimNotFiled(claimId);
        uint256 root = assessorRoot;
        if (root == 0) revert NoAssessors();
        (uint256 votingEndsAt, uint256 quorum,) = mutual.assessmentRulesOf(incidentId);
        _openRound(claimId, ASSESSORS_ROUND, root, votingEndsAt, votingEndsAt + revealWindow, quorum);
    }

    function _openRound(bytes32 claimId, uint8 round, uint256 root, uint256 commitEndsAt, uint256 revealEndsAt, uint256 quorum) private {
        Round storage r = _rounds[claimId][round];
        r.root = root;
        r.quorum = uint16(quorum);
        _timings[claimId][round] = Timing(uint40(commitEndsAt), uint40(revealEndsAt), uint48(mutual.pausedTotalNow()));
        emit RoundOpened(claimId, round, root, commitEndsAt, revealEndsAt, quorum);
    }

    /// @dev The round's windows now: stretched by the time the mutual spent paused since the round opened.
    function _windows(bytes32 claimId, uint8 round) private view returns (uint256 commitEndsAt, uint256 revealEndsAt) {
        Timing memory t = _timings[claimId][round];
        uint256 extension = mutual.pausedTotalNow() - t.pausedBefore;
        return (t.commitEndsAt + extension, t.revealEndsAt + extension);
    }

    function _setWindows(uint32 revealWindow_, uint32 appealVotingPeriod_) private {
        if (revealWindow_ < MIN_REVEAL_WINDOW || revealWindow_ > MAX_REVEAL_WINDOW) {
            revert WindowOutOfBounds("revealWindow", revealWindow_, MIN_REVEAL_WINDOW, MAX_REVEAL_WINDOW);
        }
        if (appealVotingPeriod_ < MIN_APPEAL_VOTING_PERIOD || appealVotingPeriod_ > MAX_APPEAL_VOTING_PERIOD) {
            revert WindowOutOfBounds("appealVotingPeriod", appealVotingPeriod_, MIN_APPEAL_VOTING_PERIOD, MAX_APPEAL_VOTING_PERIOD);
        }
        revealWindow = revealWindow_;
        appealVotingPeriod = appealVotingPeriod_;
        emit WindowsChanged(revealWindow_, appealVotingPeriod_);
    }

    /// @dev Sorted ascending, the element at n-1-floor(n/2): the largest amount more than half approved (the
    /// median for an odd count, the lower middle for an even one): one low vote cannot cut a claim the majority
    /// approved in full, and one high vote cannot raise it.
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
}
