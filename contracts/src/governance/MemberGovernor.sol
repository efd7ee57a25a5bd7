// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {VoteVerifier} from "../generated/VoteVerifier.sol";

/// @notice What the governor reads of the member registry (MutuaMutual implements it).
interface IMemberSnapshot {
    function currentRoot() external view returns (uint256);
    function activeMemberCount() external view returns (uint256);
}

/// @title The members' governor: one member, one anonymous vote
/// @notice OpenZeppelin Governor with a zero-knowledge counting module. A proposal records the member root and
/// the number of members when it is made (its snapshot). A member votes with a proof (the vote circuit) of a leaf
/// in that root, a nullifier per (member, proposal) and the support value bound to the proof; sent by a relayer,
/// a vote names no account, so nobody, the issuer included, learns who voted or how. The snapshot root is kept by
/// the proposal itself, so it stays valid for the whole voting period whatever the registry's root window.
///
/// A proposal passes with a quorum (a share of the members at the snapshot, for + abstain) and more for than
/// against; it is then queued in the timelock, which holds every power over the mutual, and executes after its
/// delay. Account-based voting (castVote and its variants) is refused. Anyone may propose: nothing passes without
/// the members.
contract MemberGovernor is Governor, GovernorTimelockControl {
    uint32 public constant MIN_VOTING_PERIOD = 1 days;
    uint32 public constant MAX_VOTING_PERIOD = 30 days;
    /// @notice Quorum bounds, in basis points of the members at the snapshot.
    uint16 public constant MIN_QUORUM_BPS = 100;
    uint16 public constant MAX_QUORUM_BPS = 10_000;

    enum Support {
        Against,
        For,
        Abstain
    }

    struct BallotBox {
        uint256 root;
        uint64 quorum;
        uint64 forVotes;
        uint64 againstVotes;
        uint64 abstainVotes;
    }

    IMemberSnapshot public immutable members;
    uint32 internal _votingPeriod;
    uint16 internal _quorumBps;
    mapping(uint256 proposalId => BallotBox) internal _boxes;
    /// @notice Nullifiers already counted (each is Poseidon(secret, the proposal's ballot scope)).
    mapping(uint256 nullifier => bool) public nullifierUsed;

    event AnonymousVoteCast(uint256 indexed proposalId, uint256 nullifier, uint8 support);
    event VotingRulesChanged(uint32 votingPeriod, uint16 quorumBps);

    error AnonymousVotesOnly();
    error NoMembers();
    error InvalidVoteProof();
    error VoteNullifierUsed(uint256 nullifier);
    error ParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);

    constructor(IMemberSnapshot members_, TimelockController timelock_, uint32 votingPeriod_, uint16 quorumBps_)
        Governor("Mutua members")
        GovernorTimelockControl(timelock_)
    {
        members = members_;
        _setVotingRules(votingPeriod_, quorumBps_);
    }

    /// @notice A member's anonymous vote (0 against, 1 for, 2 abstain). Anyone may send it (a relayer).
    function castAnonymousVote(uint256 proposalId, uint8 support, uint256 nullifier, uint256[8] calldata proof) external {
        ProposalState current = state(proposalId);
        if (current != ProposalState.Active) {
            revert GovernorUnexpectedProposalState(proposalId, current, _encodeStateBitmap(ProposalState.Active));
        }
        if (support > uint8(Support.Abstain)) revert GovernorInvalidVoteType();
        if (nullifierUsed[nullifier]) revert VoteNullifierUsed(nullifier);
        BallotBox storage box = _boxes[proposalId];
        // Order: VOTE_PUBLIC_SIGNALS in the core package. No excluded nullifier: 0 and 0 exclude nobody.
        uint256[6] memory signals = [box.root, nullifier, ballotScopeOf(proposalId), uint256(support), 0, 0];
        if (!VoteVerifier.verify(proof, signals)) revert InvalidVoteProof();
        nullifierUsed[nullifier] = true;
        if (support == uint8(Support.For)) box.forVotes += 1;
        else if (support == uint8(Support.Against)) box.againstVotes += 1;
        else box.abstainVotes += 1;
        emit AnonymousVoteCast(proposalId, nullifier, support);
    }

    /// @notice Governance only (through the timelock): the voting period and quorum share of proposals made from now.
    function setVotingRules(uint32 votingPeriod_, uint16 quorumBps_) external onlyGovernance {
        _setVotingRules(votingPeriod_, quorumBps_);
    }

    /// @notice keccak256 of the ballot circuit's Groth16 verification key (publish and compare it).
    function verifyingKeyHash() external pure returns (bytes32) {
        return VoteVerifier.VERIFYING_KEY_HASH;
    }

    /// @notice True when the ballot verifier uses the public dev setup: anyone can forge ballots. Never on a real chain.
    function devSetup() external pure returns (bool) {
        return VoteVerifier.DEV_SETUP;
    }

    /// @notice keccak256(abi.encode(chainid, this, proposalId)) >> 8, as ballotScope in the core package.
    function ballotScopeOf(uint256 proposalId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), proposalId))) >> 8;
    }

    /// @notice The proposal's snapshot root, quorum (votes) and tally.
    function proposalBallotBox(uint256 proposalId) external view returns (BallotBox memory) {
        return _boxes[proposalId];
    }

    function quorumBps() external view returns (uint16) {
        return _quorumBps;
    }

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() public pure override returns (string memory) {
        return "support=bravo&quorum=for,abstain";
    }

    /// @notice No delay: the member snapshot is taken when the proposal is made.
    function votingDelay() public pure override returns (uint256) {
        return 0;
    }

    /// @notice One second before the proposal's own block: voting is open from that block on (OpenZeppelin counts a
    /// proposal Pending until its snapshot has passed, which would leave it Pending on a chain that mines no
    /// further block). Ballots prove against the root recorded with the proposal, whatever this timepoint.
    function proposalSnapshot(uint256 proposalId) public view override returns (uint256) {
        uint256 snapshot = super.proposalSnapshot(proposalId);
        return snapshot == 0 ? 0 : snapshot - 1;
    }

    function votingPeriod() public view override returns (uint256) {
        return _votingPeriod;
    }

    /// @notice The quorum a proposal made now would need (the timepoint is not used: each proposal keeps its own).
    function quorum(uint256) public view override returns (uint256) {
        return _quorumOf(members.activeMemberCount());
    }

    /// @notice No account ever votes here: ballots are anonymous (see nullifierUsed).
    function hasVoted(uint256, address) public pure override returns (bool) {
        return false;
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override returns (uint256 proposalId) {
        uint256 root = members.currentRoot();
        uint256 active = members.activeMemberCount();
        if (root == 0 || active == 0) revert NoMembers();
        proposalId = super._propose(targets, values, calldatas, description, proposer);
        BallotBox storage box = _boxes[proposalId];
        box.root = root;
        box.quorum = uint64(_quorumOf(active));
    }

    function _quorumReached(uint256 proposalId) internal view override returns (bool) {
        BallotBox storage box = _boxes[proposalId];
        return uint256(box.forVotes) + box.abstainVotes >= box.quorum;
    }

    function _voteSucceeded(uint256 proposalId) internal view override returns (bool) {
        BallotBox storage box = _boxes[proposalId];
        return box.forVotes > box.againstVotes;
    }

    function _getVotes(address, uint256, bytes memory) internal pure override returns (uint256) {
        return 0;
    }

    /// @dev Every account-based path (castVote, castVoteBySig, ...) ends here: refused.
    function _castVote(uint256, address, uint8, string memory, bytes memory) internal pure override returns (uint256) {
        revert AnonymousVotesOnly();
    }

    /// @dev Never reached (see _castVote): anonymous votes are counted by castAnonymousVote. Counts nothing.
    function _countVote(uint256, address, uint8, uint256, bytes memory) internal pure override returns (uint256) {
        return 0;
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash)
        internal
        override(Governor, GovernorTimelockControl)
        returns (uint256)
    {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }

    /// @dev ceil(members * bps / 10000), at least one vote.
    function _quorumOf(uint256 active) private view returns (uint256) {
        uint256 needed = (active * _quorumBps + 9_999) / 10_000;
        return needed == 0 ? 1 : needed;
    }

    function _setVotingRules(uint32 votingPeriod_, uint16 quorumBps_) private {
        if (votingPeriod_ < MIN_VOTING_PERIOD || votingPeriod_ > MAX_VOTING_PERIOD) {
            revert ParameterOutOfBounds("votingPeriod", votingPeriod_, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        }
        if (quorumBps_ < MIN_QUORUM_BPS || quorumBps_ > MAX_QUORUM_BPS) {
            revert ParameterOutOfBounds("quorumBps", quorumBps_, MIN_QUORUM_BPS, MAX_QUORUM_BPS);
        }
        _votingPeriod = votingPeriod_;
        _quorumBps = quorumBps_;
        emit VotingRulesChanged(votingPeriod_, quorumBps_);
    }
}
