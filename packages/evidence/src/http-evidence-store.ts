import type { CID } from "multiformats/cid";
import { EvidenceNodeError } from "./errors.ts";
import type { EvidenceStore, ReadOptions, StoreEntry } from "./evidence-store.ts";
import { DEFAULT_READ_TIMEOUT_MS } from "./evidence-store.ts";
import { loadCar, loadUnixfsImporter } from "./lazy-libraries.ts";
import { importerOptions } from "./unixfs-importer.ts";
import { NotAFileError, readUnixfs } from "./unixfs-reader.ts";
import { FallbackBlockstore, gatewaySource } from "./verified-blocks.ts";

/**
 * An evidence node reached over HTTP only, as a browser reaches it (browsers speak no libp2p TCP): the UnixFS
 * blocks are made here, with the same import settings as every store (so the CID is the same), and sent as one
 * CAR to the node's Kubo RPC `dag/import`, which pins them; reads go through the node's trustless gateway and every
 * block is checked against its CID, so the node is trusted to keep the blocks, never to serve the right ones.
 * Works against `mutua node`, the devnet, and a Kubo daemon whose RPC and gateway share an origin.
 */
export class HttpEvidenceStore implements EvidenceStore {
  readonly kind = "http";
  readonly url: string;
  readonly #headers: Record<string, string>;

  constructor(url: string, options: { token?: string } = {}) {
    this.url = url.replace(/\/+$/, "");
    this.#headers = options.token ? { authorization: `Bearer ${options.token}` } : {};
  }

  async addDirectory(entries: AsyncIterable<StoreEntry> | Iterable<StoreEntry>): Promise<CID> {
    return this.#importAndSend(entries, true);
  }

  async addFile(content: AsyncIterable<Uint8Array>): Promise<CID> {
    return this.#importAndSend([{ content }], false);
  }

  async *cat(cid: CID, options: ReadOptions & { path?: string } = {}): AsyncIterable<Uint8Array> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    // Every block is verified by FallbackBlockstore; a missing one is BlockUnavailableError naming the node. Read as
    // the Helia store reads (readUnixfs: a few blocks ahead of the reader, never the whole file into the page).
    const blocks = new FallbackBlockstore([gatewaySource(this.url)], { timeoutMs });
    try {
      yield* readUnixfs(blocks, cid, options);
    } catch (error) {
      if (error instanceof NotAFileError) throw new EvidenceNodeError(this.url, error.message, true);
      throw error;
    }
  }

  async pin(cid: CID): Promise<void> {
    await this.#rpc("pin/add", cid);
  }

  /** Asks the node to unpin the content. */
  async unpin(cid: CID): Promise<void> {
    await this.#rpc("pin/rm", cid);
  }

  /** Whether the node pins the content. */
  async isPinned(cid: CID): Promise<boolean> {
    try {
      await this.#rpc("pin/ls", cid);
      return true;
    } catch (error) {
      if (/not pinned/i.test((error as Error).message)) return false;
      throw error;
    }
  }

  /** Nothing to release: the node is someone else's. */
  async close(): Promise<void> {}

  /** Imports into memory, then sends every block in one CAR (rooted at the import's root) to the node. */
  async #importAndSend(
    entries:
      | AsyncIterable<StoreEntry | { content: AsyncIterable<Uint8Array> }>
      | Iterable<StoreEntry | { content: AsyncIterable<Uint8Array> }>,
    wrap: boolean,
  ): Promise<CID> {
    // The importer only puts: keep each block, once, in the order it was made.
    const blocks = new Map<string, { cid: CID; bytes: Uint8Array }>();
    const recording = {
      put: async (cid: CID, bytes: Uint8Array) => {
        blocks.set(cid.toString(), { cid, bytes });
        return cid;
      },
    };
    const [{ importer }, { CarWriter }, options] = await Promise.all([loadUnixfsImporter(), loadCar(), importerOptions()]);
    let root: CID | undefined;
    for await (const entry of importer(entries, recording as never, { ...options, wrapWithDirectory: wrap })) {
      if (!wrap || entry.path === "") root = entry.cid;
    }
    if (!root) throw new Error("the importer produced no root");
    const { writer, out } = CarWriter.create([root]);
    const parts: Uint8Array[] = [];
    const collected = (async () => {
      for await (const part of out) parts.push(part);
    })();
    for (const block of blocks.values()) await writer.put(block);
    await writer.close();
    await collected;
    const form = new FormData();
    form.append("file", new Blob(parts as Uint8Array<ArrayBuffer>[], { type: "application/vnd.ipld.car" }), "evidence.car");
    const response = await this.#fetch(`${this.url}/api/v0/dag/import?pin-roots=true`, form);
    const first = JSON.parse((await response.text()).split("\n")[0] ?? "{}") as { Root?: { Cid?: { "/": string }; PinErrorMsg?: string } };
    if (first.Root?.PinErrorMsg) throw new Error(`the evidence node did not pin ${root}: ${first.Root.PinErrorMsg}`);
    if (first.Root?.Cid?.["/"] !== root.toString()) throw new Error(`the evidence node imported ${first.Root?.Cid?.["/"]}, not ${root}`);
    return root;
  }

  async #rpc(command: string, cid: CID): Promise<unknown> {
    return (await this.#fetch(`${this.url}/api/v0/${command}?arg=${cid}`)).json();
  }

  async #fetch(url: string, body?: FormData): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers: this.#headers, ...(body ? { body } : {}) });
    } catch (error) {
      throw new EvidenceNodeError(this.url, (error as Error).message, false);
    }
    if (!response.ok) {
      const message = await response
        .json()
        .then((b) => (b as { Message?: string }).Message)
        .catch(() => undefined);
      throw new EvidenceNodeError(this.url, `${response.status} ${message ?? response.statusText}`, true);
    }
    return response;
  }
}
