import { InvalidArgumentError, ParametricCoverClient } from "@mutua/sdk";
import { formatUnits } from "ethers";
import { loadConfig } from "../config.ts";
import type { AccountOptions, GlobalOptions } from "../context.ts";
import { chainFor, signerFor } from "../context.ts";
import { parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";

function coverOf(config: ReturnType<typeof loadConfig>): string {
  const address = config.deployment.parametricCover;
  if (!address)
    throw new InvalidArgumentError("--deployment", "this mutual has no parametric cover (deploy it with `mutua deploy --parametric`)");
  return address;
}

function productNumber(value: string): number {
  const n = Number(parseWholeNumber(value, "--product", 0n));
  if (n > 63) throw new InvalidArgumentError("--product", `products are numbered 0 to 63, not ${n}`);
  return n;
}

/** The parametric products the members voted in: region, index, bands, windows, policies sold, triggered or not. */
export async function products(global: GlobalOptions) {
  const config = loadConfig(global);
  const cover = new ParametricCoverClient(coverOf(config), await chainFor(config));
  const rows = [];
  for (let id = 0; id < 64; id++) {
    const state = await cover.getProduct(id);
    if (state.product.region === 0) continue;
    rows.push({ id, ...state });
  }
  const lines =
    rows.length === 0
      ? ["no parametric product yet: the members vote them in (setParametricProductAction)"]
      : rows.map(
          (r) =>
            `product ${r.id}: ${r.product.description}, region ${r.product.region}; ${r.product.bands
              .map((b) => `≥ ${b.threshold} pays ${formatUnits(b.payout, USDC_DECIMALS)} USDC`)
              .join(
                ", ",
              )}; ${r.policies} policies; ${r.triggered ? "triggered" : "not triggered"}${r.product.feed ? `; feed ${r.product.feed}` : ""}`,
        );
  report(global.json, { products: rows }, lines);
}

/** Opens product `--product`'s event from its data feed, if the feed's latest round is over a threshold. Anyone may. */
export async function trigger(global: GlobalOptions, options: AccountOptions & { product: string }) {
  const config = loadConfig(global);
  const id = productNumber(options.product);
  const cover = new ParametricCoverClient(coverOf(config), await signerFor(config, options, 0));
  const { eventId, receipt } = await cover.triggerFromFeed(id);
  const event = await cover.getEvent(eventId);
  report(global.json, { eventId, ...event, gasUsed: receipt.gasUsed }, [
    `event ${eventId} opened for product ${id}: pays ${formatUnits(event?.payout ?? 0n, USDC_DECIMALS)} USDC to each covered member (${formatUnits(event?.instant ?? 0n, USDC_DECIMALS)} at once), claims until ${new Date(Number(event?.claimsCloseAt ?? 0n) * 1000).toISOString()}`,
  ]);
}

/** The issuer records policies sold for a product (the anonymity set a trigger needs, and the pot's measure). */
export async function recordPolicies(global: GlobalOptions, options: AccountOptions & { product: string; count: string }) {
  const config = loadConfig(global);
  const id = productNumber(options.product);
  const count = Number(parseWholeNumber(options.count, "--count", 1n));
  const cover = new ParametricCoverClient(coverOf(config), await signerFor(config, options, 7));
  const receipt = await cover.recordPolicies(id, count);
  const state = await cover.getProduct(id);
  report(global.json, { product: id, policies: state.policies, gasUsed: receipt.gasUsed }, [
    `product ${id}: ${state.policies} policies recorded`,
  ]);
}
