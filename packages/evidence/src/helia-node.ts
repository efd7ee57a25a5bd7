import { join } from "node:path";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { withBitswap } from "@helia/bitswap";
import type { HeliaWithLibp2p } from "@helia/libp2p";
import { withLibp2pLight } from "@helia/libp2p";
import type { UnixFS } from "@helia/unixfs";
import { unixfs } from "@helia/unixfs";
import type { Identify } from "@libp2p/identify";
import { identify } from "@libp2p/identify";
import { tcp } from "@libp2p/tcp";
import { MemoryBlockstore } from "blockstore-core";
import { FsBlockstore } from "blockstore-fs";
import { MemoryDatastore } from "datastore-core";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight } from "helia";
import type { Blockstore } from "interface-blockstore";

export type HeliaNode = HeliaWithLibp2p<{ identify: Identify }>;

/**
 * Starts the Helia node behind HeliaEvidenceStore: blocks on disk or in memory, libp2p without the public-network
 * defaults (no bootstrap, DHT or relays: only the peers we dial). Its own module, loaded when a node is made: the
 * libp2p stack takes most of a second to import, which a command that never stores evidence must not pay.
 */
export async function startHeliaNode(options: {
  directory?: string;
  listen?: string[];
}): Promise<{ helia: HeliaNode; fs: UnixFS; blocks: Blockstore }> {
  const blockstore = options.directory ? new FsBlockstore(join(options.directory, "blocks")) : new MemoryBlockstore();
  const datastore = options.directory ? new FsDatastore(join(options.directory, "data")) : new MemoryDatastore();
  const light = createHeliaLight({ blockstore, datastore });
  const helia = withBitswap(
    withLibp2pLight(light, {
      datastore,
      addresses: { listen: options.listen ?? [] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify() },
    }),
  );
  await helia.start();
  return { helia, fs: unixfs(helia), blocks: blockstore };
}
