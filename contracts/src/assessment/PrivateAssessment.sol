// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IClaims} from "../interfaces/IClaims.sol";
import {IPrivateAssessment} from "../interfaces/IPrivateAssessment.sol";
import {VoteVerifier} from "../generated/VoteVerifier.sol";
import {ApprovalRanking} from "./ApprovalRanking.sol";

/// @notice What the assessment needs of the mutual (MutuaMutual implements it).
interface IAssessedMutual {
    function getClaim(uint256 incidentId, uint256 nullifier) external view returns (IClaims.Claim memory);
    function assessmentRulesOf(uint256 incidentId)
        external
        view
        returns (uint256 votingEndsAt, uint256 quorum, uint256 settlementDelay, bool paused);
    function pausedTotalNow() external view returns (uint256);
    function paused() external view returns (bool);
    function currentRoot() external view returns (uint256);
    function decide(uint256 incidentId, uint256 nullifier, IClaims.ClaimStatus decision, uint256 amount) external;
    function markAppealed(uint256 incidentId, uint256 nullifier) external;
}

/// @title Anonymous, sealed assessment of claims, with one appeal to the members
/// @notice Assessors hold seats: leaves Poseidon(identityCommitment, 0, 0, 0, 0) of a tree whose root governance
/// sets (the previous root stays valid SEAT_CHANGE_GRACE after a change, for ballots being proven). On a claim, an assessor commits a vote with a zero-knowledge proof (the vote circuit) of holding a seat,
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
/// Round 0 keeps nothing but commitments until votes are revealed: its windows (the incident's voting window, then
/// revealWindow) and quorum are the incident's, read from the mutual, so a sealed vote costs one storage write.
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
    /// @notice How long the previous seat root still takes ballots after governance changes the seats.
    uint32 public constant SEAT_CHANGE_GRACE = 1 days;
    uint256 public constant MAX_SEATS = 1024;
    /// @notice The longest reading key a seat may publish (a did:key is 56 characters; did:web can be longer).
    uint256 public constant MAX_READER_LENGTH = 256;
    uint8 public constant ASSESSORS_ROUND = 0;
    uint8 public constant APPEAL_ROUND = 1;
    bytes32 public constant APPEAL_TYPEHASH = keccak256("Appeal(bytes32 claimId,bytes32 disclosure)");
    /// @dev A commitment slot after its reveal.
    bytes32 private constant REVEALED = bytes32(uint256(1));

    /// @dev One slot per round. Every revealed vote counts. (medianAmount, medianOffset) points at the approval whose
    /// amount the round pays (ApprovalRanking), so finalizing costs the same for 3 votes or 30,000.
    struct Tally {
        uint32 approvals;
        uint32 rejections;
        bool decided;
        uint96 medianAmount;
        uint32 medianOffset;
    }

    /// @dev Round 1 only: round 0's root, windows and quorum come from the seats and the incident. An appeal exists
    /// when commitEndsAt != 0 (never the root: a tree may be empty).
    struct Appeal {
        uint256 root;
        uint40 commitEndsAt;
        uint40 revealEndsAt;
        /// @dev The mutual's pausedTotalNow when the appeal opened: its windows stretch by time paused since.
        uint48 pausedBefore;
        uint16 quorum;
        IClaims.ClaimStatus firstStatus;
        uint96 firstAmount;
    }

    struct SeatRoots {
        uint256 current;
        uint256 previous;
        uint40 previousValidUntil;
    }

    IAssessedMutual public immutable mutual;
    /// @notice The governance timelock: sets the seats and the windows.
    address public immutable governance;
    SeatRoots internal _seatRoots;
    uint256 public assessorCount;
    uint32 public revealWindow;
    uint32 public appealVotingPeriod;
    mapping(bytes32 claimId => mapping(uint8 round => Tally)) internal _tallies;
    mapping(bytes32 claimId => mapping(uint8 round => mapping(uint96 amount => ApprovalRanking.AmountNode))) internal _amounts;
    mapping(bytes32 claimId => Appeal) internal _appeals;
    /// @notice A ballot's commitment by its nullifier (unique per seat or member, claim and round); 1 once revealed.
    mapping(uint256 voteNullifier => bytes32) public commitmentOf;

    modifier onlyGovernance() {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        _;
    }

    /// @param seats The first assessor seats and their tree's root (none: governance appoints them later).
    /// @param readers Each seat's reading key (a DID), in the seats' order: claims seal their evidence to these.
    constructor(
        IAssessedMutual mutual_,
        address governance_,
        uint32 revealWindow_,
        uint32 appealVotingPeriod_,
        uint256[] memory seats,
        uint256 root,
        string[] memory readers
    ) EIP712("Mutua assessment", "1") {
        mutual = mutual_;
        governance = governance_;
        _setWindows(revealWindow_, appealVotingPeriod_);
        if (seats.length > 0) _setAssessorSeats(seats, root, readers);
    }

    /// @notice Governance only: the assessor seats (every leaf, for anyone to rebuild the tree and check `root`) and
    /// the key each seat's assessor reads evidence with (`readers[i]`, a DID; "" for none). Claimants seal their
    /// evidence to the readers of the latest change, read from its event: no member ever types an assessor's key.
    function setAssessorSeats(uint256[] calldata seats, uint256 root, string[] calldata readers) external onlyGovernance {
        _setAssessorSeats(seats, root, readers);
    }

    /// @notice Governance only: the reveal window and the appeal round's voting period.
    function setWindows(uint32 revealWindow_, uint32 appealVotingPeriod_) external onlyGovernance {
        _setWindows(revealWindow_, appealVotingPeriod_);
    }

    /// @notice A sealed vote: `commitment` = commitmentFor(claimId, round, voteNullifier, opening), proven by a ballot of
    /// the round's tree whose root is `root` (round 0: a seat root still valid, on a filed claim; round 1: the
    /// appeal's). Anyone may send it. The proof binds the commitment exactly as it is stored (a field element: the
    /// verifier refuses any value >= R), so nobody holding the proof can store another commitment under it; and the
    /// commitment binds the ballot's nullifier, so a voter cannot copy another's commitment and reveal it as theirs.
    function commitVote(
        uint256 incidentId,
        uint256 claimNullifier,
        uint8 round,
        uint256 root,
        uint256 voteNullifier,
        bytes32 commitment,
        uint256[8] calldata proof
    ) external {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        (uint256 commitEndsAt,,) = _openWindows(incidentId, claimId, round);
        if (block.timestamp > commitEndsAt) revert CommitClosed(claimId, commitEndsAt);
        if (round == ASSESSORS_ROUND) {
            if (!isSeatRoot(root)) revert UnknownBallotRoot(root);
            // A ballot on a claim nobody filed would cost its sender a proof verification for nothing.
            if (mutual.getClaim(incidentId, claimNullifier).status != IClaims.ClaimStatus.Filed) revert ClaimNotFiled(claimId);
        } else if (root != _appeals[claimId].root) {
            revert UnknownBallotRoot(root);
        }
        if (commitmentOf[voteNullifier] != 0) revert BallotAlreadyCast(voteNullifier);
        if (uint256(commitment) <= uint256(REVEALED)) revert InvalidBallotProof();
        uint256[6] memory signals =
            [root, voteNullifier, ballotScopeOf(claimId, round), uint256(commitment), claimScopeOf(incidentId), claimNullifier];
        if (!VoteVerifier.verify(proof, signals)) revert InvalidBallotProof();
        commitmentOf[voteNullifier] = commitment;
        emit VoteCommitted(claimId, round, voteNullifier, commitment);
    }

    /// @notice Opens a sealed vote after the commit window, within the reveal window. Anyone holding the opening
    /// may send it. The opening's `encryptedReason` is the reason sealed to the claimant (a JWE), bound by the commitment.
    function revealVote(uint256 incidentId, uint256 claimNullifier, uint8 round, uint256 voteNullifier, Opening calldata opening)
        external
    {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        (uint256 commitEndsAt, uint256 revealEndsAt,) = _openWindows(incidentId, claimId, round);
        if (block.timestamp <= commitEndsAt || block.timestamp > revealEndsAt) revert RevealNotOpen(claimId, commitEndsAt + 1, revealEndsAt);
        bytes32 committed = commitmentOf[voteNullifier];
        if (committed == 0) revert UnknownBallot(voteNullifier);
        if (committed == REVEALED) revert AlreadyRevealed(voteNullifier);
        if (committed != commitmentFor(claimId, round, voteNullifier, opening)) revert RevealMismatch(voteNullifier);
        commitmentOf[voteNullifier] = REVEALED;
        _count(incidentId, claimNullifier, claimId, round, opening.approve, opening.amount);
        emit VoteRevealed(claimId, round, voteNullifier, opening.approve, opening.amount, opening.encryptedReason);
    }

    /// @notice Decides the claim's current round once its reveal window has closed. Anyone may call it.
    /// Round 0: too few revealed votes → Expired; a majority approving → Approved at the largest amount more
    /// than half of the approvals accept; otherwise Rejected. Round 1 the same, except that without quorum the
    /// first decision stands.
    function finalize(uint256 incidentId, uint256 claimNullifier) external {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        Appeal storage appealed = _appeals[claimId];
        uint8 round = appealed.commitEndsAt != 0 ? APPEAL_ROUND : ASSESSORS_ROUND;
        Tally storage tally = _tallies[claimId][round];
        if (tally.decided) revert RoundAlreadyDecided(claimId, round);
        (, uint256 revealEndsAt, uint256 quorum) = _openWindows(incidentId, claimId, round);
        if (block.timestamp <= revealEndsAt) revert RoundStillOpen(claimId, revealEndsAt + 1);
        tally.decided = true;
        uint256 revealed = uint256(tally.approvals) + tally.rejections;
        IClaims.ClaimStatus decision;
        uint256 amount;
        if (revealed < quorum) {
            (decision, amount) =
                round == APPEAL_ROUND ? (appealed.firstStatus, uint256(appealed.firstAmount)) : (IClaims.ClaimStatus.Expired, 0);
        } else if (tally.approvals > tally.rejections) {
            decision = IClaims.ClaimStatus.Approved;
            amount = tally.medianAmount;
        } else {
            decision = IClaims.ClaimStatus.Rejected;
        }
        mutual.decide(incidentId, claimNullifier, decision, amount);
        emit RoundDecided(claimId, round, uint8(decision), amount, revealed);
    }

    /// @notice Appeals a Rejected, Expired or cut decision, once, within the incident's settlement delay. The
    /// claim's recipient authorizes it: as the sender, or by an EIP-712 signature of Appeal(claimId,
    /// keccak256(disclosure)) that anyone (a relayer) submits. Opens round 1 to the members in the member tree now.
    /// `disclosure` is what the claimant gives the members to judge by (the SDK's: a key that reads the evidence and
    /// the key reasons are sealed to); it is published in AppealFiled, so the claimant chooses what it reveals.
    function appeal(uint256 incidentId, uint256 claimNullifier, bytes calldata disclosure, bytes calldata signature) external {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        if (_appeals[claimId].commitEndsAt != 0) revert AlreadyAppealed(claimId);
        IClaims.Claim memory claim = mutual.getClaim(incidentId, claimNullifier);
        if (signature.length == 0) {
            if (msg.sender != claim.recipient) revert NotClaimRecipient(msg.sender, claim.recipient);
        } else if (!SignatureChecker.isValidSignatureNow(claim.recipient, appealDigest(claimId, keccak256(disclosure)), signature)) {
            revert NotClaimRecipient(address(0), claim.recipient);
        }
        emit AppealFiled(claimId, disclosure);
        // The mutual checks the status and the window (and that it is not paused).
        mutual.markAppealed(incidentId, claimNullifier);
        (, uint256 quorum,,) = mutual.assessmentRulesOf(incidentId);
        uint256 root = mutual.currentRoot();
        // The empty tree (no member left): nobody could vote, and the claim would wait on a round that cannot end well.
        if (root == 0) revert NoMembersToAppealTo(claimId);
        uint256 commitEndsAt = block.timestamp + appealVotingPeriod;
        uint256 revealEndsAt = commitEndsAt + revealWindow;
        _appeals[claimId] = Appeal(
            root,
            uint40(commitEndsAt),
            uint40(revealEndsAt),
            uint48(mutual.pausedTotalNow()),
            uint16(2 * quorum),
            claim.status,
            claim.approvedAmount
        );
        emit AppealOpened(claimId, root, commitEndsAt, revealEndsAt, 2 * quorum);
    }

    /// @notice A claim's round as it stands now (see RoundView). Round 0 is open from filing; round 1 once appealed.
    function roundOf(uint256 incidentId, uint256 claimNullifier, uint8 round) external view returns (RoundView memory view_) {
        bytes32 claimId = claimIdOf(incidentId, claimNullifier);
        Tally memory tally = _tallies[claimId][round];
        view_.approvals = tally.approvals;
        view_.rejections = tally.rejections;
        view_.decided = tally.decided;
        (view_.commitEndsAt, view_.revealEndsAt, view_.quorum,) = _windows(incidentId, claimId, round);
        view_.opened = view_.commitEndsAt != 0;
        view_.root = round == ASSESSORS_ROUND ? _seatRoots.current : _appeals[claimId].root;
    }

    /// @notice Whether ballots may prove membership of `root` in the assessors' round now: the current seat root, or
    /// the previous one for SEAT_CHANGE_GRACE after a change.
    function isSeatRoot(uint256 root) public view returns (bool) {
        SeatRoots memory roots = _seatRoots;
        if (root == 0) return false;
        return root == roots.current || (root == roots.previous && block.timestamp <= roots.previousValidUntil);
    }

    function assessorRoot() external view returns (uint256) {
        return _seatRoots.current;
    }

    /// @notice keccak256 of the ballot circuit's Groth16 verification key (publish and compare it).
    function verifyingKeyHash() external pure returns (bytes32) {
        return VoteVerifier.VERIFYING_KEY_HASH;
    }

    /// @notice True when the ballot verifier uses the public dev setup: anyone can forge ballots. Never on a real chain.
    function devSetup() external pure returns (bool) {
        return VoteVerifier.DEV_SETUP;
    }

    /// @notice The digest a claim's recipient signs to appeal it (EIP-712, domain "Mutua assessment", version 1).
    function appealDigest(bytes32 claimId, bytes32 disclosureHash) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(APPEAL_TYPEHASH, claimId, disclosureHash)));
    }

    /// @notice keccak256(abi.encode(claimId, round, voteNullifier, approve, amount, salt, keccak256(encryptedReason)))
    /// >> 8: a field element, so the ballot proof binds it whole.
    function commitmentFor(bytes32 claimId, uint8 round, uint256 voteNullifier, Opening calldata opening)
        public
        pure
        returns (bytes32)
    {
        return bytes32(
            uint256(
                keccak256(
                    abi.encode(
                        claimId,
                        round,
                        voteNullifier,
                        opening.approve,
                        opening.amount,
                        opening.salt,
                        keccak256(opening.encryptedReason)
                    )
                )
            ) >> 8
        );
    }

    /// @notice The ballot box of a claim's round: keccak256(abi.encode(chainid, this, ballotId)) >> 8 with ballotId =
    /// uint256(keccak256(abi.encode(claimId, round))), as ballotScope in the core package.
    function ballotScopeOf(bytes32 claimId, uint8 round) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), uint256(keccak256(abi.encode(claimId, round)))))) >> 8;
    }

    /// @notice The claim's nullifier scope (the top 86 bits of the mutual's scopeOf, nullifierScope in @mutua/core):
    /// a ballot's nullifier in it must not be the claim's.
    function claimScopeOf(uint256 incidentId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(mutual), incidentId))) >> 170;
    }

    function claimIdOf(uint256 incidentId, uint256 nullifier) public pure returns (bytes32) {
        return keccak256(abi.encode(incidentId, nullifier));
    }

    function _count(uint256 incidentId, uint256 claimNullifier, bytes32 claimId, uint8 round, bool approve, uint256 amount) private {
        Tally memory tally = _tallies[claimId][round];
        if (approve) {
            uint256 claimed = mutual.getClaim(incidentId, claimNullifier).amount;
            if (amount == 0 || amount > claimed) revert ApprovedAmountInvalid(amount, claimed);
            (tally.medianAmount, tally.medianOffset) = ApprovalRanking.add(
                _amounts[claimId][round], tally.approvals, tally.medianAmount, tally.medianOffset, uint96(amount)
            );
            tally.approvals += 1;
        } else {
            if (amount != 0) revert ApprovedAmountInvalid(amount, 0);
            tally.rejections += 1;
        }
        _tallies[claimId][round] = tally;
    }

    /// @dev The round's windows and quorum now, refusing while the mutual is paused (nothing is voted or decided then)
    /// and for a round that is not open (no such claim's incident; not appealed).
    function _openWindows(uint256 incidentId, bytes32 claimId, uint8 round)
        private
        view
        returns (uint256 commitEndsAt, uint256 revealEndsAt, uint256 quorum)
    {
        bool paused;
        (commitEndsAt, revealEndsAt, quorum, paused) = _windows(incidentId, claimId, round);
        if (commitEndsAt == 0) {
            if (round == ASSESSORS_ROUND) revert ClaimNotFiled(claimId);
            revert NotAppealed(claimId);
        }
        if (paused) revert AssessmentPaused();
    }

    /// @dev Round 0: the incident's voting window (the mutual stretches it by pauses), then revealWindow, and the
    /// incident's quorum. Round 1: the appeal's, stretched by the time paused since it opened. All 0 for a round
    /// that is not open.
    function _windows(uint256 incidentId, bytes32 claimId, uint8 round)
        private
        view
        returns (uint256 commitEndsAt, uint256 revealEndsAt, uint256 quorum, bool paused)
    {
        if (round == ASSESSORS_ROUND) {
            (commitEndsAt, quorum,, paused) = mutual.assessmentRulesOf(incidentId);
            return commitEndsAt == 0 ? (0, 0, 0, paused) : (commitEndsAt, commitEndsAt + revealWindow, quorum, paused);
        }
        Appeal storage appealed = _appeals[claimId];
        if (round != APPEAL_ROUND || appealed.commitEndsAt == 0) return (0, 0, 0, false);
        uint256 extension = mutual.pausedTotalNow() - appealed.pausedBefore;
        return (appealed.commitEndsAt + extension, appealed.revealEndsAt + extension, appealed.quorum, mutual.paused());
    }

    function _setAssessorSeats(uint256[] memory seats, uint256 root, string[] memory readers) private {
        if (seats.length == 0 || seats.length > MAX_SEATS || root == 0 || root >= VoteVerifier.R) revert InvalidSeats();
        if (readers.length != seats.length) revert InvalidSeats();
        for (uint256 i = 0; i < readers.length; ++i) {
            if (bytes(readers[i]).length > MAX_READER_LENGTH) revert InvalidSeats();
        }
        for (uint256 i = 0; i < seats.length; ++i) {
            if (seats[i] == 0 || seats[i] >= VoteVerifier.R) revert InvalidSeats();
        }
        SeatRoots memory roots = _seatRoots;
        _seatRoots = SeatRoots(root, roots.current, uint40(block.timestamp + SEAT_CHANGE_GRACE));
        assessorCount = seats.length;
        emit AssessorSeatsChanged(seats, root, readers);
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
}
