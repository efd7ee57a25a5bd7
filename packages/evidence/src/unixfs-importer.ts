import type { CID } from "multiformats/cid";
import { UNIXFS_IMPORT } from "./evidence-store.ts";
import { loadUnixfsImporter } from "./lazy-libraries.ts";

/** UNIXFS_IMPORT as options of the JS UnixFS importer (the Helia store and local CID computation). */
export async function importerOptions() {
  const { fixedSize, balanced } = await loadUnixfsImporter();
  return {
    cidVersion: UNIXFS_IMPORT.cidVersion,
    rawLeaves: UNIXFS_IMPORT.rawLeaves,
    chunker: fixedSize({ chunkSize: UNIXFS_IMPORT.chunkSize }),
    layout: balanced({ maxChildrenPerNode: UNIXFS_IMPORT.maxChildrenPerNode }),
  } as const;
}

/** A blockstore that keeps nothing: computing a CID needs the hashes, not the blocks. */
const discard = { put: async (cid: CID) => cid };

/** The CID any store with the shared import settings gives these bytes (used for small objects: the manifest). */
export async function localFileCid(bytes: Uint8Array): Promise<CID> {
  const { importer } = await loadUnixfsImporter();
  let root: CID | undefined;
  for await (const entry of importer([{ content: bytes }], discard, await importerOptions())) root = entry.cid;
  if (!root) throw new Error("importer produced no CID");
  return root;
}
