import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// No compiler can be downloaded on these machines: use solc-js from the solc npm package.
export default defineConfig({
  paths: { sources: "./src", artifacts: "./artifacts", cache: "./cache" },
  solidity: {
    compilers: [
      {
        version: "0.8.28",
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" },
      },
    ],
    // The two largest contracts are optimised for 2,000 runs instead of 10,000, to stay under the 24 KB code size
    // limit (MutuaMutual: 23.0 KB instead of 25.0 KB), for a few hundred gas more per call (docs/contracts.md).
    overrides: Object.fromEntries(
      ["src/MutuaMutual.sol", "src/parametric/ParametricCover.sol"].map((file) => [
        file,
        {
          version: "0.8.28",
          path: require.resolve("solc/soljson.js"),
          settings: { optimizer: { enabled: true, runs: 2_000 }, evmVersion: "cancun" },
        },
      ]),
    ),
    // npm files are built only when listed: the library of the on-chain LeanIMT measured in the bench, and the
    // Chainlink data feed the parametric tests read (MockV3Aggregator, MIT; tests only, never deployed by Mutua).
    npmFilesToBuild: ["poseidon-solidity/PoseidonT3.sol", "@chainlink/local/src/data-feeds/MockV3Aggregator.sol"],
  },
});
