// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Anonymous, sealed assessment of claims: assessors (a tree of seats managed by governance) commit
/// votes with zero-knowledge proofs of holding a seat, reveal them after the voting window, and the claim is
/// decided from the revealed votes. A rejected, expired or cut decision can be appealed once to all members.
interface IPrivateAssessment {
    /// @notice A claim's round as it stands: the tree its ballots prove membership of (round 0: the seat root now;
    /// round 1: the member root when it was appealed), its quorum, its tally (votes count once revealed).
    struct RoundView {
        bool opened;
        uint256 root;
        uint256 quorum;
        uint256 approvals;
        uint256 rejections;
        bool decided;
        uint256 commitEndsAt;
        uint256 revealEndsAt;
    }

    /// @notice What a sealed vote commits to: commitment = keccak256(abi.encode(claimId, round, voteNullifier, approve,
    /// amount, salt, keccak256(encryptedReason))) >> 8 (commitmentFor). A rejection has amount 0.
    struct Opening {
        bool approve;
        uint256 amount;
        bytes32 salt;
        bytes encryptedReason;
    }

    /// @notice `readers[i]` is the key (a DID) seat `seats[i]` reads evidence with: claims seal evidence to them.
    event AssessorSeatsChanged(uint256[] seats, uint256 root, string[] readers);
    event AppealOpened(bytes32 indexed claimId, uint256 root, uint256 commitEndsAt, uint256 revealEndsAt, uint256 quorum);
    event VoteCommitted(bytes32 indexed claimId, uint8 round, uint256 voteNullifier, bytes32 commitment);
    event VoteRevealed(bytes32 indexed claimId, uint8 round, uint256 voteNullifier, bool approve, uint256 amount, bytes encryptedReason);
    /// @notice `revealed` votes decided it; how many were committed and never revealed, the VoteCommitted events tell.
    event RoundDecided(bytes32 indexed claimId, uint8 round, uint8 decision, uint256 amount, uint256 revealed);
    event AppealFiled(bytes32 indexed claimId, bytes disclosure);
    event WindowsChanged(uint32 revealWindow, uint32 appealVotingPeriod);

    error NotGovernance(address caller);
    error ClaimNotFiled(bytes32 claimId);
    error NotAppealed(bytes32 claimId);
    /// @notice Round 0: not a seat root ballots may use now; round 1: not the appeal's member root.
    error UnknownBallotRoot(uint256 root);
    error CommitClosed(bytes32 claimId, uint256 closedAt);
    error RevealNotOpen(bytes32 claimId, uint256 opensAt, uint256 closesAt);
    error RoundStillOpen(bytes32 claimId, uint256 decidableAt);
    error RoundAlreadyDecided(bytes32 claimId, uint8 round);
    error BallotAlreadyCast(uint256 voteNullifier);
    error InvalidBallotProof();
    error UnknownBallot(uint256 voteNullifier);
    error AlreadyRevealed(uint256 voteNullifier);
    error RevealMismatch(uint256 voteNullifier);
    error ApprovedAmountInvalid(uint256 amount, uint256 claimed);
    error NoMembersToAppealTo(bytes32 claimId);
    error AlreadyAppealed(bytes32 claimId);
    error NotClaimRecipient(address signer, address recipient);
    error AssessmentPaused();
    error WindowOutOfBounds(string name, uint256 value, uint256 min, uint256 max);
    error InvalidSeats();
}
