// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MemberRegistry} from "./base/MemberRegistry.sol";
import {PremiumPool} from "./base/PremiumPool.sol";
import {Claims} from "./base/Claims.sol";

/// @title A Mutua mutual: member registry, premium pool, private claims and their assessment
/// @notice One deployment is one mutual. Roles: DEFAULT_ADMIN_ROLE (governance: parameters, incidents,
/// pausing, roles), ISSUER_ROLE (admits and revokes members), ASSESSOR_ROLE (votes on claims).
contract MutuaMutual is Claims {
    struct Settings {
        IERC20 token;
        address admin;
        uint32 rootWindow;
        uint96 maxClaimAmount;
        uint32 claimTimeTolerance;
        uint16 quorum;
        uint32 settlementDelay;
    }

    constructor(Settings memory settings) MemberRegistry(settings.rootWindow) PremiumPool(settings.token) {
        _grantRole(DEFAULT_ADMIN_ROLE, settings.admin);
        _setParameters(settings.maxClaimAmount, settings.claimTimeTolerance, settings.quorum, settings.settlementDelay);
    }
}
