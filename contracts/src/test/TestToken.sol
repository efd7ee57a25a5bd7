// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A freely mintable ERC-20 for local networks and tests (a stand-in stablecoin, 6 decimals).
contract TestToken is ERC20 {
    constructor() ERC20("Mutua Test Dollar", "mUSD") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
