/**
 * snarkjs (through ffjavascript) builds one BN254 curve per process, with worker threads, and caches
 * it on globalThis. Those workers keep Node alive after the work is done. Every prover and verifier
 * here holds a lease while it works; when the last lease is released the workers are terminated,
 * so a script that proves once can exit, and a long-lived prover keeps the curve warm.
 */
let leases = 0;

interface CachedCurve {
  terminate(): Promise<void>;
}

export function acquireCurve(): void {
  leases += 1;
}

export async function releaseCurve(): Promise<void> {
  leases -= 1;
  if (leases > 0) return;
  leases = 0;
  const curve = (globalThis as { curve_bn128?: CachedCurve | null }).curve_bn128;
  if (curve) await curve.terminate();
}

/** Runs `work` holding a curve lease. */
export async function withCurve<T>(work: () => Promise<T>): Promise<T> {
  acquireCurve();
  try {
    return await work();
  } finally {
    await releaseCurve();
  }
}
