// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What the rate tables read of the mutual (MutuaMutual implements it).
interface IRatedMutual {
    function hasRole(bytes32 role, address account) external view returns (bool);
    function activeMemberCount() external view returns (uint256);
}

/// @title The rate tables the members adopted
/// @notice Premiums come from a rate table (@mutua/pricing: the model, its coefficients, credibility, loadings and
/// the experience it was fitted on). The members adopt each table by vote: governance (the timelock) records its
/// version and hash here. An offer cites the table; a member's wallet recomputes the premium from the table whose
/// hash is adopted and refuses an offer that does not match. The table itself is published where `uri` says (its
/// hash decides, never the place). Versions only grow: an adopted table is never rewritten. A contract of its own
/// because MutuaMutual is at the code size limit; it holds no role and no funds.
///
/// Every claim discloses its rating class (proven from the member leaf), so a class must be large enough to hide its
/// claimants in: the issuer records here how many current members each class holds (leaves hide the class, so only
/// the issuer knows; the record is bounded by the mutual's member count), and a class is disclosable once it holds
/// `minClassSize` members, a number the members set by vote. Members' wallets read it before joining a class and
/// before filing a claim; the records are also the exposure from which anyone rebuilds the pool's experience.
contract MutuaRateTables {
    bytes32 private constant DEFAULT_ADMIN_ROLE = 0x00;
    bytes32 private constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    uint256 public constant MAX_URI_BYTES = 200;
    /// @notice The smallest minimum class size governance may set (as parametric cover's anonymity floor), and the largest.
    uint32 public constant MIN_CLASS_SIZE_FLOOR = 5;
    uint32 public constant MIN_CLASS_SIZE_CEILING = 1_000_000;

    struct Adopted {
        bytes32 tableHash;
        uint40 adoptedAt;
    }

    IRatedMutual public immutable mutual;
    /// @notice The latest adopted version (0: none yet).
    uint32 public currentVersion;
    mapping(uint32 version => Adopted) private _tables;
    /// @notice The fewest members a rating class holds before its claims may disclose it (k).
    uint32 public minClassSize;
    /// @notice Current members per rating class, as the issuer last recorded them.
    mapping(uint32 ratingClass => uint32) public classMembers;
    /// @notice The sum of every class's recorded members (never above the mutual's current members).
    uint64 public recordedMembers;

    event RateTableAdopted(uint32 indexed version, bytes32 tableHash, string uri);
    event MinClassSizeSet(uint32 minClassSize);
    event ClassMembersRecorded(uint32 indexed ratingClass, uint32 members);

    error NotGovernance(address caller);
    error NotIssuer(address caller);
    error VersionNotAfter(uint32 version, uint32 current);
    error InvalidTable();
    error MinClassSizeOutOfBounds(uint32 value, uint32 floor, uint32 ceiling);
    error ClassRecordMismatch();
    error MoreThanMembers(uint256 recorded, uint256 members);

    /// @param foundingVersion The founding table, adopted with the deployment (0: none): the first members join at its
    /// premiums, before there are members to vote; every later table is the members' vote.
    constructor(IRatedMutual mutual_, uint32 foundingVersion, bytes32 foundingHash, string memory uri, uint32 minClassSize_) {
        mutual = mutual_;
        _setMinClassSize(minClassSize_);
        if (foundingVersion != 0) {
            if (foundingHash == bytes32(0) || bytes(uri).length > MAX_URI_BYTES) revert InvalidTable();
            _tables[foundingVersion] = Adopted(foundingHash, uint40(block.timestamp));
            currentVersion = foundingVersion;
            emit RateTableAdopted(foundingVersion, foundingHash, uri);
        }
    }

    /// @notice Governance only (a members' vote through the timelock): adopts table `version` with SHA-256 `tableHash`.
    function adopt(uint32 version, bytes32 tableHash, string calldata uri) external {
        if (!mutual.hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) revert NotGovernance(msg.sender);
        if (version <= currentVersion) revert VersionNotAfter(version, currentVersion);
        if (tableHash == bytes32(0) || bytes(uri).length > MAX_URI_BYTES) revert InvalidTable();
        _tables[version] = Adopted(tableHash, uint40(block.timestamp));
        currentVersion = version;
        emit RateTableAdopted(version, tableHash, uri);
    }

    /// @notice Governance only: the fewest members a class holds before claims may disclose it, within the bounds.
    function setMinClassSize(uint32 minClassSize_) external {
        if (!mutual.hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) revert NotGovernance(msg.sender);
        _setMinClassSize(minClassSize_);
    }

    /// @notice The issuer only: records how many current members each of `classes` holds (after an admission or a
    /// removal). The total recorded never exceeds the mutual's current members: an issuer may misplace members between
    /// classes (it alone sees the leaves' classes), but cannot invent them.
    function recordClassMembers(uint32[] calldata classes, uint32[] calldata counts) external {
        if (!mutual.hasRole(ISSUER_ROLE, msg.sender)) revert NotIssuer(msg.sender);
        if (classes.length != counts.length || classes.length == 0) revert ClassRecordMismatch();
        uint64 total = recordedMembers;
        for (uint256 i = 0; i < classes.length; ++i) {
            total = total - classMembers[classes[i]] + counts[i];
            classMembers[classes[i]] = counts[i];
            emit ClassMembersRecorded(classes[i], counts[i]);
        }
        uint256 members = mutual.activeMemberCount();
        if (total > members) revert MoreThanMembers(total, members);
        recordedMembers = total;
    }

    /// @notice Whether a claim may disclose `ratingClass`: it holds `minClassSize` members. Class 0 is the pool as
    /// one class: with no member recorded in it (no classes in use), it is every member.
    function disclosable(uint32 ratingClass) external view returns (bool) {
        uint32 members = classMembers[ratingClass];
        return members >= minClassSize || (ratingClass == 0 && members == 0);
    }

    /// @notice Table `version`'s hash and when it was adopted (zeros: never adopted).
    function tableOf(uint32 version) external view returns (bytes32 tableHash, uint256 adoptedAt) {
        Adopted memory adopted = _tables[version];
        return (adopted.tableHash, adopted.adoptedAt);
    }

    function _setMinClassSize(uint32 value) private {
        if (value < MIN_CLASS_SIZE_FLOOR || value > MIN_CLASS_SIZE_CEILING)
            revert MinClassSizeOutOfBounds(value, MIN_CLASS_SIZE_FLOOR, MIN_CLASS_SIZE_CEILING);
        minClassSize = value;
        emit MinClassSizeSet(value);
    }
}
