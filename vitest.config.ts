import { defineConfig } from "vitest/config";

// One config runs every package's tests against their TypeScript sources ("source" export condition).
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "circuits/test/**/*.test.ts", "contracts/test/**/*.test.ts", "test/**/*.test.ts"],
    // Guards against a hang, not performance checks (those are `pnpm bench`): a test that takes 20 s on an idle
    // machine can take several minutes on 2 busy cores, and must still pass there.
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // Proving is CPU-bound on 2 cores; running files in parallel only makes every proof slower.
    fileParallelism: false,
  },
});
