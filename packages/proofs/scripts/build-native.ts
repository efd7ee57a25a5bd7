// Builds the native subtree hasher (native/, Rust, no dependencies) when cargo is installed. Without it,
// member trees hash in WebAssembly: the same results, ~4× slower per core (a million members: ~27 s
// instead of ~7 s on 2 cores).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const manifest = join(import.meta.dirname, "..", "native", "Cargo.toml");
const probe = spawnSync("cargo", ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.log("cargo not found: member trees will hash in WebAssembly (install Rust for the native hasher)");
  process.exit(0);
}
const build = spawnSync("cargo", ["build", "--release", "--offline", "--quiet", "--manifest-path", manifest], { stdio: "inherit" });
if (build.status !== 0) {
  console.error("the native Poseidon hasher did not build: member trees will hash in WebAssembly");
  process.exit(0);
}
