import { EvidenceDependencyMissingError } from "./errors.ts";

/** Loads an optional peer dependency's module, or explains which packages to install. */
export async function loadOptional<T>(load: () => Promise<T>, store: string, packages: readonly string[]): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new EvidenceDependencyMissingError(store, packages, { cause: error });
    }
    throw error;
  }
}
