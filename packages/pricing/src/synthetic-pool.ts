import type { Factor } from "./design-matrix.ts";
import type { ExperienceRow } from "./rate-table.ts";

/** A deterministic random source (mulberry32): pools drawn from known parameters are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(random: () => number, mean: number): number {
  // Inversion by sequential search: exact, fast enough for the means of a class-year.
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const u = random();
  while (u > cumulative && k < 10_000) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

function gamma(random: () => number, shape: number, scale: number): number {
  // Marsaglia and Tsang (shape ≥ 1), normals by Box–Muller.
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/** One policy-year of a synthetic pool: its factors' levels, exposure, claim count and amount. */
export interface PoolRow {
  levels: Record<string, string>;
  year: number;
  exposure: number;
  claims: number;
  losses: number;
}

/**
 * A pool drawn from known parameters: per class-year an exposure, Poisson claim counts at `frequency` × the
 * frequency relativities, and gamma severities (shape `severityShape`) at `severity` × the severity relativities.
 * Used to show the fit recovers what it was drawn from (and to benchmark it).
 */
export function drawPool(options: {
  seed: number;
  factors: readonly Factor[];
  years: number;
  exposure: [number, number];
  frequency: number;
  severity: number;
  severityShape: number;
  frequencyRelativities: Record<string, number>;
  severityRelativities: Record<string, number>;
}): PoolRow[] {
  const random = seededRandom(options.seed);
  const combos: Record<string, string>[] = options.factors.reduce<Record<string, string>[]>(
    (acc, f) => acc.flatMap((partial) => f.levels.map((level) => ({ ...partial, [f.name]: level }))),
    [{}],
  );
  const rows: PoolRow[] = [];
  for (const levels of combos) {
    const rel = (table: Record<string, number>) =>
      Object.entries(levels).reduce((r, [name, level]) => r * (table[`${name}=${level}`] ?? 1), 1);
    const frequency = options.frequency * rel(options.frequencyRelativities);
    const severity = options.severity * rel(options.severityRelativities);
    for (let year = 1; year <= options.years; year++) {
      const exposure = options.exposure[0] + random() * (options.exposure[1] - options.exposure[0]);
      const claims = poisson(random, exposure * frequency);
      let losses = 0;
      for (let i = 0; i < claims; i++) losses += gamma(random, options.severityShape, severity / options.severityShape);
      rows.push({ levels, year, exposure, claims, losses });
    }
  }
  return rows;
}

/** A drawn pool as experience rows (each year a period), what buildRateTable and buildSeverityModel take. */
export function poolExperience(pool: readonly PoolRow[]): ExperienceRow[] {
  return pool.map((r) => ({ levels: r.levels, period: r.year, exposure: r.exposure, claims: r.claims, losses: r.losses }));
}
