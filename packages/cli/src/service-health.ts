import type { MutuaConfig } from "./config.ts";

/** A service the config names, and whether it answered. */
export interface ServiceHealth {
  name: string;
  url: string;
  up: boolean;
}

/**
 * The services a config names (relayer, join desk, status list, pinning services), each asked once over HTTP: any
 * answer, even an error status, means it is there; no answer within 3 s means it is not.
 */
export async function serviceHealth(config: MutuaConfig): Promise<ServiceHealth[]> {
  const services: { name: string; url: string }[] = [
    ...(config.relayer ? [{ name: "relayer", url: `${config.relayer.replace(/\/+$/, "")}/v1/health` }] : []),
    ...(config.joinDesk ? [{ name: "join desk", url: config.joinDesk }] : []),
    { name: "status list", url: config.statusListUrl },
    ...config.ipfs.pinningServices.map((url) => ({ name: "pinning service", url: `${url.replace(/\/+$/, "")}/pins` })),
  ];
  return Promise.all(
    services.map(async (service) => {
      try {
        await fetch(service.url, { signal: AbortSignal.timeout(3_000) });
        return { ...service, up: true };
      } catch {
        return { ...service, up: false };
      }
    }),
  );
}
