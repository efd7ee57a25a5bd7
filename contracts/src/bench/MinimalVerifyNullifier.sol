// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";

/// @notice Bench only: fileClaim's gas peer, a Semaphore-style contract doing only what every anonymous-signal
/// contract must: check that the root is known, verify the Groth16 proof (the same verifier and public inputs as
/// fileClaim, but taken from the caller, none computed), record the nullifier once and say so in an event.
contract MinimalVerifyNullifier {
    mapping(uint256 root => bool) public knownRoots;
    mapping(uint256 nullifier => bool) public usedNullifiers;

    event Signaled(uint256 indexed nullifier);

    error UnknownRoot();
    error NullifierUsed();
    error InvalidProof();

    constructor(uint256 root) {
        knownRoots[root] = true;
    }

    function submit(uint256[4] calldata signals, uint256[8] calldata proof) external {
        if (!knownRoots[signals[0]]) revert UnknownRoot();
        if (usedNullifiers[signals[1]]) revert NullifierUsed();
        if (!EligibilityVerifier.verify(proof, signals)) revert InvalidProof();
        usedNullifiers[signals[1]] = true;
        emit Signaled(signals[1]);
    }
}
