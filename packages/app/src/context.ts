import type { HttpEvidenceStore } from "@mutua/sdk/browser";
import type { Provider } from "ethers";
import type { AppConfig } from "./config.ts";
import type { WorkerProver } from "./prover/worker-prover.ts";
import type { Session } from "./session.ts";
import type { Records } from "./storage/records.ts";

/** What every screen works with. */
export interface AppContext {
  readonly config: AppConfig;
  readonly records: Records;
  readonly prover: WorkerProver;
  /** The evidence node (its code loaded on first use). */
  evidenceStore(): Promise<HttpEvidenceStore>;
  /** The unlocked wallet; undefined while locked. */
  session: Session | undefined;
  /** The chain, connected on first use (so the wallet screens open without it, offline too). */
  chain(): Promise<Provider>;
  navigate(route: string): void;
}
