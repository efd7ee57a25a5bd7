import { agentResolver, InvalidArgumentError, Member } from "@mutua/sdk";
import { formatUnits, VoidSigner, ZeroAddress } from "ethers";
import type { GlobalOptions } from "../context.ts";
import { chainFor } from "../context.ts";
import { parseWholeNumber, USDC_DECIMALS } from "../inputs.ts";
import { report } from "../output.ts";
import { openWallet } from "./member.ts";

/** A member of this wallet who only reads the chain: parametric claims go through a relayer, never the member's account. */
async function readingMember(global: GlobalOptions, name: string, relayer?: string) {
  const { config, wallet, handle } = await openWallet(global, name);
  const signer = new VoidSigner(ZeroAddress, await chainFor(config));
  const via = relayer ?? config.relayer;
  const member = new Member({
    wallet,
    signer,
    deployment: config.deployment,
    resolver: agentResolver(handle.agent),
    ...(via ? { relayer: via } : {}),
  });
  return { member, relayer: via };
}

const usdc = (amount: bigint) => `${formatUnits(amount, USDC_DECIMALS)} USDC`;

/** The mutual's parametric events, and for each whether this wallet's policy covers it: decided in the wallet. */
export async function parametricEvents(global: GlobalOptions, options: { name: string }) {
  const { member } = await readingMember(global, options.name);
  const events = await member.parametricEvents();
  const rows = events.map((match) => ({
    eventId: match.event.eventId,
    product: match.event.product,
    description: match.product.description,
    region: match.event.region,
    occurredAt: new Date(Number(match.event.occurredAt) * 1000).toISOString(),
    payout: formatUnits(match.event.payout, USDC_DECIMALS),
    open: match.open,
    covered: match.held !== undefined,
    claimed: match.claimed,
    ...(match.reason ? { reason: match.reason } : {}),
  }));
  const lines =
    rows.length === 0
      ? ["no parametric event yet"]
      : events.map((match) => {
          const e = match.event;
          const state = match.claimed
            ? "claimed"
            : !match.open
              ? "closed"
              : match.held
                ? `covered: claim with \`mutua member parametric-claim --name ${options.name} --event ${e.eventId} --recipient <fresh address>\``
                : `not covered (${match.reason})`;
          return `event ${e.eventId}: ${match.product.description}, region ${e.region}, at ${new Date(Number(e.occurredAt) * 1000).toISOString()}, pays ${usdc(e.payout)}: ${state}`;
        });
  report(global.json, { events: rows }, lines);
}

/** Claims a parametric event in one step: proven in the wallet, sent through the relayer, paid at once. */
export async function parametricClaim(
  global: GlobalOptions,
  options: {
    name: string;
    event: string;
    recipient: string;
    relayer?: string;
    acceptLinkedRecipient?: boolean;
    confirmRecipient?: boolean;
  },
) {
  const eventId = parseWholeNumber(options.event, "--event", 1n);
  if (!/^0x[0-9a-fA-F]{40}$/.test(options.recipient) || BigInt(options.recipient) === 0n) {
    throw new InvalidArgumentError("--recipient", `"${options.recipient}" is not a payout address: 0x followed by 40 hex digits, not zero`);
  }
  const { member, relayer } = await readingMember(global, options.name, options.relayer);
  if (!relayer) throw new InvalidArgumentError("--relayer", "no relayer is configured: pass --relayer <url>");
  const result = await member.claimParametric({
    eventId,
    recipient: options.recipient,
    confirm: (warning) => {
      process.stderr.write(`warning [${warning.code}]: ${warning.message}\n`);
      if (warning.code === "RECIPIENT_LINKED") return options.acceptLinkedRecipient === true;
      return options.confirmRecipient === true;
    },
  });
  report(
    global.json,
    {
      eventId,
      nullifier: result.nullifier,
      paid: formatUnits(result.paid, USDC_DECIMALS),
      transactionHash: result.sent.transactionHash,
      gasUsed: result.sent.gasUsed,
    },
    [
      `paid ${usdc(result.paid)} to ${options.recipient} for event ${eventId} (${result.sent.gasUsed} gas, sent by ${result.sent.from})`,
      `  nullifier ${result.nullifier}`,
    ],
  );
}
