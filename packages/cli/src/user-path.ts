import { isAbsolute, resolve } from "node:path";

/** Where `mutua devnet` writes its config and every other command reads it (relative to the user's directory). */
export const DEFAULT_CONFIG_PATH = ".mutua/config.json";

/**
 * A path the user typed, absolute: relative paths resolve from the directory they ran the command in (pnpm
 * runs scripts from the repository root and says where the user was in INIT_CWD). No dependencies: the CLI's
 * entry point loads this before knowing which command runs.
 */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
