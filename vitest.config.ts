import { defineConfig } from "vitest/config";

// One config runs every package's tests against their TypeScript sources ("source" export condition).
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "circuits/test/**/*.test.ts", "contracts/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Proving is CPU-bound on 2 cores; running files in parallel only makes every proof slower.
    fileParallelism: false,
  },
});
