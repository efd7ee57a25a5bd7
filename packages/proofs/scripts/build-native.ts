// Builds the native subtree hasher (native/, Rust, no dependencies) when cargo is installed. Without it,
// member trees hash in WebAssembly: the same results, ~4× slower per core (a million members: `pnpm bench
// --only trees` measures both). Built for this machine's processor (target-cpu=native: about a sixth faster):
// the binary is never shipped, each install builds its own.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { derivePoseidonArtifacts } from "./derive-poseidon.ts";

// What both engines derive from circomlibjs (the WebAssembly Poseidon's code, the native hasher's constants),
// derived here so that the published package ships them (native/target/*.wasm, *.bin) and installs without
// circomlibjs (a development dependency: 53 packages, among them a second ethers).
await derivePoseidonArtifacts();

const manifest = join(import.meta.dirname, "..", "native", "Cargo.toml");
const probe = spawnSync("cargo", ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.log("cargo not found: member trees will hash in WebAssembly (install Rust for the native hasher)");
  process.exit(0);
}
const build = spawnSync("cargo", ["build", "--release", "--offline", "--quiet", "--manifest-path", manifest], {
  stdio: "inherit",
  env: { ...process.env, RUSTFLAGS: `${process.env.RUSTFLAGS ?? ""} -C target-cpu=native`.trim() },
});
if (build.status !== 0) {
  console.error("the native Poseidon hasher did not build: member trees will hash in WebAssembly");
  process.exit(0);
}
