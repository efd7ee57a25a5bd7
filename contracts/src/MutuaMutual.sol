// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {MemberRegistry} from "./base/MemberRegistry.sol";
import {PremiumPool} from "./base/PremiumPool.sol";
import {Claims} from "./base/Claims.sol";
import {EligibilityVerifier} from "./generated/EligibilityVerifier.sol";

/// @notice What the mutual asks of a contract before granting it ASSESSMENT_ROLE.
interface IAssessmentModule {
    function mutual() external view returns (address);
}

/// @title A Mutua mutual: member registry, premium pool, private claims and their assessment
/// @notice One deployment is one mutual. Roles, each held by its own key: governance (DEFAULT_ADMIN_ROLE, a
/// TimelockController: parameters within bounds, roles, surplus), ISSUER_ROLE (admits and revokes members),
/// INCIDENT_ROLE (opens incidents), PAUSER_ROLE (pauses; governance holds it too, so members can pause and
/// unpause by vote), ASSESSMENT_ROLE (the assessment module: decides claims and opens appeals).
contract MutuaMutual is Claims {
    /// @notice Governance must be a timelock with at least this delay: no role or parameter change is instant.
    uint256 public constant MIN_GOVERNANCE_DELAY = 1 days;

    struct Roles {
        address governance;
        address issuer;
        address incidentOpener;
        address pauser;
        address assessment;
    }

    struct Settings {
        IERC20 token;
        Roles roles;
        Parameters parameters;
        uint32 rootWindow;
        uint32 maxRootAge;
    }

    /// @dev The code of the first governance timelock: DEFAULT_ADMIN_ROLE only ever goes to a contract with the same
    /// code (a MutuaTimelock, which can never lower its delay below its minimum) and at least MIN_GOVERNANCE_DELAY.
    bytes32 private immutable _timelockCodehash;
    /// @dev Holders of DEFAULT_ADMIN_ROLE: the last one cannot leave, or capital and parameters would be frozen.
    uint256 private _governanceCount;

    error GovernanceNotTimelock(address governance);
    error NotAssessmentOfThisMutual(address assessment);
    error LastGovernance(address governance);

    constructor(Settings memory settings) MemberRegistry(settings.rootWindow, settings.maxRootAge) PremiumPool(settings.token) {
        Roles memory roles = settings.roles;
        if (address(settings.token) == address(0)) revert ZeroAddress("token");
        if (roles.issuer == address(0)) revert ZeroAddress("issuer");
        if (roles.incidentOpener == address(0)) revert ZeroAddress("incidentOpener");
        if (roles.pauser == address(0)) revert ZeroAddress("pauser");
        if (roles.governance == address(0)) revert ZeroAddress("governance");
        if (roles.assessment == address(0)) revert ZeroAddress("assessment");
        _timelockCodehash = roles.governance.codehash;
        _grantRole(DEFAULT_ADMIN_ROLE, roles.governance);
        _grantRole(ISSUER_ROLE, roles.issuer);
        _grantRole(INCIDENT_ROLE, roles.incidentOpener);
        _grantRole(PAUSER_ROLE, roles.pauser);
        _grantRole(PAUSER_ROLE, roles.governance);
        // The assessment module is deployed after the mutual (it names the mutual): the deploy script checks the
        // binding; every later grant is checked here.
        super._grantRole(ASSESSMENT_ROLE, roles.assessment);
        _setParameters(settings.parameters);
    }

    /// @notice keccak256 of the Groth16 verification key proofs are checked against (publish and compare it).
    function verifyingKeyHash() external pure returns (bytes32) {
        return EligibilityVerifier.VERIFYING_KEY_HASH;
    }

    /// @notice True when the verifier uses the public dev setup: anyone can forge proofs. Never on a real chain.
    function devSetup() external pure returns (bool) {
        return EligibilityVerifier.DEV_SETUP;
    }

    /// @dev Every grant, at deployment and after it (a passed proposal), keeps the invariants the powers rest on:
    /// governance is a timelock of the first one's code with at least the minimum delay, the assessment role goes
    /// only to an assessment module bound to this mutual.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        if (role == DEFAULT_ADMIN_ROLE) _requireTimelock(account);
        if (role == ASSESSMENT_ROLE) _requireAssessmentOfThis(account);
        granted = super._grantRole(role, account);
        if (granted && role == DEFAULT_ADMIN_ROLE) ++_governanceCount;
    }

    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == DEFAULT_ADMIN_ROLE && --_governanceCount == 0) revert LastGovernance(account);
    }

    function _requireAssessmentOfThis(address assessment) private view {
        // An account without code would make the call below revert outside the try, with no reason.
        if (assessment.code.length > 0) {
            try IAssessmentModule(assessment).mutual() returns (address bound) {
                if (bound == address(this)) return;
            } catch {}
        }
        revert NotAssessmentOfThisMutual(assessment);
    }

    function _requireTimelock(address governance) private view {
        if (governance.code.length == 0 || governance.codehash != _timelockCodehash) revert GovernanceNotTimelock(governance);
        try TimelockController(payable(governance)).getMinDelay() returns (uint256 delay) {
            if (delay < MIN_GOVERNANCE_DELAY) revert GovernanceNotTimelock(governance);
        } catch {
            revert GovernanceNotTimelock(governance);
        }
    }
}
