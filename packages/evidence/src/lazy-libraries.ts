// The libraries that make and read IPFS data (the UnixFS importer and exporter, CAR files), decode photos and parse
// multipart uploads, loaded on first use: importing the package (a verifier, a relayer, an app that only seals
// through a node over HTTP) does not pay for the ones it never calls.
import type { CarBlockIterator, CarWriter } from "@ipld/car";
import type { Multiaddr } from "@multiformats/multiaddr";
import { loadOnce } from "@mutua/core";
import type { bmvbhash } from "blockhash-core";
import type busboy from "busboy";
import type exifr from "exifr";
import type { decode } from "fast-png";
import type { UnixFS } from "ipfs-unixfs";
import type { exporter } from "ipfs-unixfs-exporter";
import type { importer } from "ipfs-unixfs-importer";
import type { fixedSize } from "ipfs-unixfs-importer/chunker";
import type { balanced } from "ipfs-unixfs-importer/layout";
import type jpeg from "jpeg-js";

/** The UnixFS importer with its chunker and layout. */
export const loadUnixfsImporter: () => Promise<{
  importer: typeof importer;
  fixedSize: typeof fixedSize;
  balanced: typeof balanced;
}> = loadOnce(async () => {
  const [{ importer }, { fixedSize }, { balanced }] = await Promise.all([
    import("ipfs-unixfs-importer"),
    import("ipfs-unixfs-importer/chunker"),
    import("ipfs-unixfs-importer/layout"),
  ]);
  return { importer, fixedSize, balanced };
});

/** The UnixFS exporter and the UnixFS node decoder. */
export const loadUnixfsExporter: () => Promise<{ exporter: typeof exporter; UnixFS: typeof UnixFS }> = loadOnce(async () => {
  const [{ exporter }, { UnixFS }] = await Promise.all([import("ipfs-unixfs-exporter"), import("ipfs-unixfs")]);
  return { exporter, UnixFS };
});

/** CAR files: writing (uploads over HTTP) and reading (dag/import). */
export const loadCar: () => Promise<{ CarWriter: typeof CarWriter; CarBlockIterator: typeof CarBlockIterator }> = loadOnce(
  () => import("@ipld/car"),
);

/** multiaddr parsing (pinning origins, Kubo swarm connects). */
export const loadMultiaddr: () => Promise<(address: string) => Multiaddr> = loadOnce(
  async () => (await import("@multiformats/multiaddr")).multiaddr,
);

/** Photo decoders and the perceptual hash behind image fingerprints. */
export const loadImageLibraries: () => Promise<{
  bmvbhash: typeof bmvbhash;
  exifr: typeof exifr;
  decodePng: typeof decode;
  jpeg: typeof jpeg;
}> = loadOnce(async () => {
  const [{ bmvbhash }, exifr, { decode: decodePng }, jpeg] = await Promise.all([
    import("blockhash-core"),
    import("exifr"),
    import("fast-png"),
    import("jpeg-js"),
  ]);
  return { bmvbhash, exifr: exifr.default, decodePng, jpeg: jpeg.default };
});

/** The multipart form parser behind the Kubo-compatible dag/import. */
export const loadBusboy: () => Promise<typeof busboy> = loadOnce(async () => (await import("busboy")).default);

/** JOSE (JWE encryption of key envelopes and sealed reasons): loaded when the first envelope is made or a reason sealed. */
export const loadJose: () => Promise<typeof import("jose")> = loadOnce(() => import("jose"));

/** did-jwt's X25519 Concat KDF and DID-document key parsing: loaded when the first envelope is opened or addressed to a DID. */
export const loadDidJwt: () => Promise<typeof import("did-jwt")> = loadOnce(() => import("did-jwt"));
