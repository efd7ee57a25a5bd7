// snarkjs and circom_runtime (with ffjavascript, wasmcurves and the binary file readers: ~230 modules, a third of a
// second) are loaded when a proof is first made or checked, not when the package is imported: most importers (an
// issuer, a relayer, a back office reading the chain) never prove.

import { loadOnce } from "@mutua/core";

/** snarkjs, loaded once on first use. */
export const loadSnarkjs = loadOnce(() => import("snarkjs"));

/** circom_runtime's witness calculator builder, loaded once on first use. */
export const loadWitnessCalculatorBuilder = loadOnce(async () => (await import("circom_runtime")).WitnessCalculatorBuilder);
