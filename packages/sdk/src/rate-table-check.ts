import { RateTablesClient } from "@mutua/contracts";
import { MutuaError } from "@mutua/core";
import type { Quote, RateTable } from "@mutua/pricing";
import { checkOfferedPremium, classNumber, rateTableHash } from "@mutua/pricing";
import type { ContractRunner } from "ethers/providers";
import type { JoinDeskDescription } from "./join-desk.ts";
import type { Admission, MutualDeployment } from "./mutual-admin.ts";

/** A premium checked against the adopted table, with what a claim from the policy's class would disclose. */
export interface CheckedOffer extends Quote {
  /** The class the policy's claims disclose, its members as the issuer recorded them, and the members' minimum. */
  classSize: { ratingClass: number; members: number; minClassSize: number; disclosable: boolean; sentence: string };
}

/**
 * What a member's wallet checks before paying an offer: the rate table is the one the members adopted (its hash is
 * on-chain under its version), the policy's rating class is the table's number for the member's class, and the
 * premium is what the table gives that class. Any mismatch is refused with its reason (an issuer charging one
 * member more than the table says, a table nobody adopted, a class misstated in the leaf).
 */
export async function checkOfferAgainstTable(options: {
  deployment: MutualDeployment;
  runner: ContractRunner;
  table: RateTable;
  levels: Record<string, string>;
  exposure: number;
  admission: Admission;
  /** How the explanation writes amounts in the pool token's base units (default: the bare number). */
  money?: (units: number) => string;
}): Promise<CheckedOffer> {
  const { table, admission } = options;
  const tables = await adoptedTables(options.deployment, options.runner, table);
  const ratingClass = classNumber(table.factors, options.levels);
  if ((admission.terms.ratingClass ?? 0) !== ratingClass) {
    throw new MutuaError(
      "CLASS_MISMATCH",
      `the policy is written for rating class ${admission.terms.ratingClass ?? 0}, but your class is ${ratingClass} in rate table ${table.version}: do not pay it`,
    );
  }
  const quoted = checkOfferedPremium(table, options.levels, options.exposure, admission.premium, options.money);
  return { ...quoted, classSize: await classSizeFor(tables, ratingClass) };
}

/** The registry of adopted tables, once `table` is checked to be the one the members adopted under its version. */
async function adoptedTables(deployment: MutualDeployment, runner: ContractRunner, table: RateTable): Promise<RateTablesClient> {
  if (!deployment.rateTables) throw new MutuaError("NO_RATE_TABLES", "this mutual publishes no adopted rate tables");
  const tables = new RateTablesClient(deployment.rateTables, runner);
  const adopted = await tables.tableOf(table.version);
  const hash = rateTableHash(table);
  if (!adopted)
    throw new MutuaError("RATE_TABLE_NOT_ADOPTED", `rate table ${table.version} was never adopted by the members: do not pay it`);
  if (adopted.tableHash.toLowerCase() !== hash.toLowerCase()) {
    throw new MutuaError(
      "RATE_TABLE_NOT_ADOPTED",
      `this is not the rate table ${table.version} the members adopted (its hash differs): do not pay it`,
      { adopted: adopted.tableHash, offered: hash },
    );
  }
  return tables;
}

/** What a claim from `ratingClass` would disclose, in a sentence: joining adds the member to the class. */
async function classSizeFor(tables: RateTablesClient, ratingClass: number): Promise<CheckedOffer["classSize"]> {
  const size = await tables.classSize(ratingClass);
  const sentence =
    size.members + 1 >= size.minClassSize
      ? `Your claims will disclose your rating class, which ${size.members > 0 ? `holds ${size.members} members` : "is new"}: at least ${size.minClassSize} people share it, so a claim is not traced to you.`
      : `Your rating class holds ${size.members} member${size.members === 1 ? "" : "s"}, fewer than the ${size.minClassSize} a claim needs to hide its claimant: until it grows, your wallet will warn you before a claim discloses it.`;
  return { ratingClass, ...size, sentence };
}

/**
 * A desk's standing offer explained before anything is asked or paid ("why this premium"): the table it cites
 * adopted on-chain, its premium recomputed for the desk's class (PREMIUM_NOT_FROM_TABLE otherwise), and what a claim
 * from that class would disclose. Undefined when the desk cites no table.
 */
export async function explainStandingOffer(options: {
  deployment: MutualDeployment;
  runner: ContractRunner;
  description: JoinDeskDescription;
  money?: (units: number) => string;
}): Promise<CheckedOffer | undefined> {
  const pricing = options.description.pricing;
  if (!pricing) return undefined;
  const tables = await adoptedTables(options.deployment, options.runner, pricing.table);
  const quoted = checkOfferedPremium(
    pricing.table,
    pricing.levels,
    pricing.exposure ?? 1,
    BigInt(options.description.premium),
    options.money,
  );
  return { ...quoted, classSize: await classSizeFor(tables, classNumber(pricing.table.factors, pricing.levels)) };
}

/**
 * The wallet's check of a join desk's offer, when the desk cites a rate table: the table adopted on-chain, the class
 * and the premium recomputed (checkOfferAgainstTable). Returns the quote, each step in words ("why this premium"),
 * or undefined when the desk cites no table.
 */
export async function checkDeskOffer(options: {
  deployment: MutualDeployment;
  runner: ContractRunner;
  description: JoinDeskDescription;
  offer: Admission;
  money?: (units: number) => string;
}): Promise<CheckedOffer | undefined> {
  const pricing = options.description.pricing;
  if (!pricing) return undefined;
  return checkOfferAgainstTable({
    deployment: options.deployment,
    runner: options.runner,
    table: pricing.table,
    levels: pricing.levels,
    exposure: pricing.exposure ?? 1,
    admission: options.offer,
    ...(options.money ? { money: options.money } : {}),
  });
}
