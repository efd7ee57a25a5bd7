import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// No compiler can be downloaded on these machines: use solc-js from the solc npm package.
export default defineConfig({
  paths: { sources: "./src", artifacts: "./artifacts", cache: "./cache" },
  solidity: {
    version: "0.8.28",
    // Library of the on-chain LeanIMT measured in the bench (an npm file is built only when listed).
    npmFilesToBuild: ["poseidon-solidity/PoseidonT3.sol"],
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun" },
  },
});
