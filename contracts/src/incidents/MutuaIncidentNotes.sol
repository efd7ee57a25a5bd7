// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice What the notes read of the mutual (MutuaMutual implements it).
interface INotedMutual {
    function hasRole(bytes32 role, address account) external view returns (bool);
    function incidentCount() external view returns (uint256);
}

/// @title What an incident is, in words
/// @notice Members choose the incident their loss belongs to by what happened and where, never by number: the
/// incident opener writes each incident's region (an ISO 3166-2 code such as KE-13, or a country code) and a short
/// description once, after opening it. Governance (the timelock, through a members' vote) may correct a note. The
/// notes are words only: what a claim is paid is decided by the mutual's rules, never by this contract. A separate
/// contract because MutuaMutual is at the code size limit; it holds no role and no funds.
contract MutuaIncidentNotes {
    bytes32 private constant INCIDENT_ROLE = keccak256("INCIDENT_ROLE");
    bytes32 private constant DEFAULT_ADMIN_ROLE = 0x00;
    uint256 public constant MAX_REGION_BYTES = 16;
    uint256 public constant MAX_DESCRIPTION_BYTES = 280;

    struct Note {
        string region;
        string description;
    }

    INotedMutual public immutable mutual;
    mapping(uint256 incidentId => Note) private _notes;

    event IncidentDescribed(uint256 indexed incidentId, string region, string description, address indexed by);

    error NotIncidentOpener(address caller);
    error NoSuchIncident(uint256 incidentId);
    /// @dev The opener's note is final: a note rewritten after members filed against it would mislead them.
    error AlreadyDescribed(uint256 incidentId);
    error InvalidRegion();
    error InvalidDescription();

    constructor(INotedMutual mutual_) {
        mutual = mutual_;
    }

    /// @notice Writes incident `incidentId`'s note: once by the incident opener, at any time by governance.
    function describe(uint256 incidentId, string calldata region, string calldata description) external {
        bool governance = mutual.hasRole(DEFAULT_ADMIN_ROLE, msg.sender);
        if (!governance && !mutual.hasRole(INCIDENT_ROLE, msg.sender)) revert NotIncidentOpener(msg.sender);
        if (incidentId == 0 || incidentId > mutual.incidentCount()) revert NoSuchIncident(incidentId);
        if (!governance && bytes(_notes[incidentId].description).length != 0) revert AlreadyDescribed(incidentId);
        _checkRegion(bytes(region));
        uint256 length = bytes(description).length;
        if (length == 0 || length > MAX_DESCRIPTION_BYTES) revert InvalidDescription();
        _notes[incidentId] = Note(region, description);
        emit IncidentDescribed(incidentId, region, description, msg.sender);
    }

    /// @notice Incident `incidentId`'s region and description ("" and "" when it has none).
    function noteOf(uint256 incidentId) external view returns (string memory region, string memory description) {
        Note storage note = _notes[incidentId];
        return (note.region, note.description);
    }

    /// @dev Empty, or upper-case letters, digits and hyphens (ISO 3166-1/-2 codes), at most 16 bytes.
    function _checkRegion(bytes calldata region) private pure {
        if (region.length > MAX_REGION_BYTES) revert InvalidRegion();
        for (uint256 i = 0; i < region.length; ++i) {
            bytes1 c = region[i];
            if (!((c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-")) revert InvalidRegion();
        }
    }
}
