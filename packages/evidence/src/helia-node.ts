import { join } from "node:path";
import type { HeliaWithLibp2p } from "@helia/libp2p";
import type { UnixFS } from "@helia/unixfs";
import type { Identify } from "@libp2p/identify";
import { MemoryBlockstore } from "blockstore-core";
import type { Blockstore } from "interface-blockstore";

/** The embedded Helia node: a Helia with libp2p (TCP, Noise, Yamux) and its identify service. */
export type HeliaNode = HeliaWithLibp2p<{ identify: Identify }>;

/**
 * Starts the Helia node behind HeliaEvidenceStore: blocks on disk or in memory, libp2p without the public-network
 * defaults (no bootstrap, DHT or relays: only the peers we dial). Its own module, loaded when a node is made: the
 * libp2p stack takes most of a second to import, which a command that never stores evidence must not pay.
 */
export async function startHeliaNode(
  lib: HeliaLibraries,
  options: { directory?: string; listen?: string[] },
): Promise<{ helia: HeliaNode; fs: UnixFS; blocks: Blockstore }> {
  const blockstore = options.directory ? new lib.FsBlockstore(join(options.directory, "blocks")) : new MemoryBlockstore();
  const datastore = options.directory ? new lib.FsDatastore(join(options.directory, "data")) : new lib.MemoryDatastore();
  const light = lib.createHeliaLight({ blockstore, datastore });
  const helia = lib.withBitswap(
    lib.withLibp2pLight(light, {
      datastore,
      addresses: { listen: options.listen ?? [] },
      transports: [lib.tcp()],
      connectionEncrypters: [lib.noise()],
      streamMuxers: [lib.yamux()],
      services: { identify: lib.identify() },
    }),
  );
  await helia.start();
  return { helia, fs: lib.unixfs(helia), blocks: blockstore };
}

/** The embedded node's libraries, all optional peer dependencies (a missing one rejects with ERR_MODULE_NOT_FOUND). */
export type HeliaLibraries = Awaited<ReturnType<typeof loadHeliaLibraries>>;

/**
 * Imports the embedded node's libraries in one batch. Optional peer dependencies of this package: imported here and not
 * at the top so that a bundler (an app bundling the SDK without them) sees no named import it cannot resolve, and
 * before the node starts so that a missing one is told apart (EVIDENCE_DEPENDENCY_MISSING) from a node that fails.
 */
export async function loadHeliaLibraries() {
  const [
    { noise },
    { yamux },
    { withBitswap },
    { withLibp2pLight },
    { unixfs },
    { identify },
    { tcp },
    { FsBlockstore },
    { MemoryDatastore },
    { FsDatastore },
    { createHeliaLight },
  ] = await Promise.all([
    import("@chainsafe/libp2p-noise"),
    import("@chainsafe/libp2p-yamux"),
    import("@helia/bitswap"),
    import("@helia/libp2p"),
    import("@helia/unixfs"),
    import("@libp2p/identify"),
    import("@libp2p/tcp"),
    import("blockstore-fs"),
    import("datastore-core"),
    import("datastore-fs"),
    import("helia"),
  ]);
  return {
    noise,
    yamux,
    withBitswap,
    withLibp2pLight,
    unixfs,
    identify,
    tcp,
    FsBlockstore,
    MemoryDatastore,
    FsDatastore,
    createHeliaLight,
  };
}
