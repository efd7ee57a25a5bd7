// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What the rate tables read of the mutual (MutuaMutual implements it).
interface IRatedMutual {
    function hasRole(bytes32 role, address account) external view returns (bool);
}

/// @title The rate tables the members adopted
/// @notice Premiums come from a rate table (@mutua/pricing: the model, its coefficients, credibility, loadings and
/// the experience it was fitted on). The members adopt each table by vote: governance (the timelock) records its
/// version and hash here. An offer cites the table; a member's wallet recomputes the premium from the table whose
/// hash is adopted and refuses an offer that does not match. The table itself is published where `uri` says (its
/// hash decides, never the place). Versions only grow: an adopted table is never rewritten. A contract of its own
/// because MutuaMutual is at the code size limit; it holds no role and no funds.
contract MutuaRateTables {
    bytes32 private constant DEFAULT_ADMIN_ROLE = 0x00;
    uint256 public constant MAX_URI_BYTES = 200;

    struct Adopted {
        bytes32 tableHash;
        uint40 adoptedAt;
    }

    IRatedMutual public immutable mutual;
    /// @notice The latest adopted version (0: none yet).
    uint32 public currentVersion;
    mapping(uint32 version => Adopted) private _tables;

    event RateTableAdopted(uint32 indexed version, bytes32 tableHash, string uri);

    error NotGovernance(address caller);
    error VersionNotAfter(uint32 version, uint32 current);
    error InvalidTable();

    /// @param foundingVersion The founding table, adopted with the deployment (0: none): the first members join at its
    /// premiums, before there are members to vote; every later table is the members' vote.
    constructor(IRatedMutual mutual_, uint32 foundingVersion, bytes32 foundingHash, string memory uri) {
        mutual = mutual_;
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

    /// @notice Table `version`'s hash and when it was adopted (zeros: never adopted).
    function tableOf(uint32 version) external view returns (bytes32 tableHash, uint256 adoptedAt) {
        Adopted memory adopted = _tables[version];
        return (adopted.tableHash, adopted.adoptedAt);
    }
}
