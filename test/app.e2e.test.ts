// The member app in a real browser (Debian's Chromium, driven by Playwright) against a real chain (Anvil), a real
// evidence node (Helia), the relayer and the real circuits: a member joins, pays, claims with a photo and a PDF; an
// assessor restores their wallet from its backup file, opens the evidence and votes, sealed; the payout appears.
import type { BrowserContext, Page } from "playwright-core";
import type { Browser } from "playwright-core";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppWorld } from "./app-world.ts";
import { ASSESSOR_PASSPHRASE, startAppWorld, USDC } from "./app-world.ts";
import { injectedWallet, launchChromium, PHONE, screenshot, seriousViolations } from "./browser.ts";
import { erc20 } from "@mutua/sdk";

const PASSPHRASE = "correct horse battery staple";
let world: AppWorld;
let browser: Browser;

beforeAll(async () => {
  [world, browser] = await Promise.all([startAppWorld(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function memberContext(options: { phone?: boolean; payer: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options.phone ? PHONE : { viewport: { width: 1280, height: 900 } });
  await context.addInitScript(injectedWallet(world.net.rpcUrl, options.payer));
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  return { context, page };
}

/** Waits for the screen titled `name`; if it never comes, fails with what the app said instead (its alerts). */
async function heading(page: Page, name: string | RegExp, timeout = 60_000): Promise<void> {
  try {
    await page.getByRole("heading", { level: 1, name }).waitFor({ timeout });
  } catch (error) {
    const alerts = await page.getByRole("alert").allTextContents();
    throw new Error(`no screen "${name}" (the app shows: ${alerts.filter(Boolean).join(" | ") || (await page.locator("h1").allTextContents()).join(", ")})`, { cause: error });
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** A photo of the harbour and a repair quote as a real PDF, both made by the browser itself. */
async function evidenceFiles(page: Page) {
  const photo = await page.screenshot({ type: "png", clip: { x: 0, y: 0, width: 320, height: 240 } });
  const quotePage = await page.context().newPage();
  await quotePage.setContent("<h1>Harbor Boatworks</h1><p>Hull repair quote: 1,200.00 USDC</p>");
  const pdf = await quotePage.pdf({ format: "A6" });
  await quotePage.close();
  return [
    { name: "hull.png", mimeType: "image/png", buffer: photo },
    { name: "repair-quote.pdf", mimeType: "application/pdf", buffer: pdf },
  ];
}

/** After a reload the wallet is locked (its keys lived in the page's memory): unlock it and go to `route`. */
async function unlock(page: Page, passphrase: string, route: string, title: string | RegExp): Promise<void> {
  await heading(page, "Unlock your wallet");
  await page.getByLabel("Passphrase").fill(passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await heading(page, "Harbor Fishers Mutual");
  await page.evaluate((hash) => {
    location.hash = hash;
  }, route);
  await heading(page, title);
}

async function createWallet(page: Page): Promise<void> {
  await page.goto(world.appUrl);
  await heading(page, "Join Harbor Fishers Mutual");
  await page.getByLabel("New passphrase").fill(PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Create my wallet" }).click();
  await heading(page, "Harbor Fishers Mutual");
}

/** Join: the request shown, the issuer's offer pasted, the premium paid through window.ethereum, the credential kept. */
async function join(page: Page, shots?: string): Promise<string> {
  await page.getByRole("link", { name: "Join the mutual" }).click();
  await heading(page, "Join the mutual");
  const requestText = (await page.getByLabel("Your membership request").textContent()) ?? "";
  const offer = await world.offerFor(requestText);
  await page.getByLabel("The mutual's offer").fill(offer.text);
  await page.getByRole("button", { name: "Pay the premium" }).click();
  await page.getByText(/Paid from your browser wallet/).waitFor({ timeout: 60_000 });
  if (shots) await screenshot(page, `${shots}-join`);
  const { credentials } = await world.admin.admitMembers([offer.admission]);
  const credential = credentials[0];
  if (!credential) throw new Error("no credential");
  await page.getByLabel("The credential you received").fill(credential.jwt);
  await page.getByRole("button", { name: "Keep the credential" }).click();
  await heading(page, "Harbor Fishers Mutual");
  await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 20_000 }).toBe("valid");
  return credential.id;
}

describe("the member app", () => {
  it("join, pay, claim with a photo and a PDF; the assessor opens it and approves, sealed; the payout appears", async () => {
    const { context, page } = await memberContext({ payer: world.payers[0] as string });
    await createWallet(page);
    await expectAccessible(page);
    await screenshot(page, "01-home-new-member");
    await join(page, "02");
    await page.getByText(/Covers up to 5,000 USDC per claim/).waitFor({ state: "visible" });
    await expectAccessible(page);
    await screenshot(page, "03-home-member");

    const { incidentId } = await world.admin.openIncident(7 * 86_400, 7 * 86_400);
    const payout = Wallet.createRandom().address;
    await page.getByRole("link", { name: "File a claim" }).click();
    await heading(page, "File a claim");
    await page.getByLabel("Incident number").fill(incidentId.toString());
    await page.getByLabel("Amount (USDC)").fill("1200");
    await page.getByLabel("Payout address").fill(payout);
    await page.getByLabel("Add photos or documents").setInputFiles(await evidenceFiles(page));
    await expectAccessible(page);
    await screenshot(page, "04-claim-form");
    await page.getByRole("button", { name: "File the claim" }).click();
    await heading(page, `Claim for incident ${incidentId}`);
    await expect.poll(() => page.locator(".claim-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("Filed");
    await expectAccessible(page);
    await screenshot(page, "05-claim-filed");
    const claimId = decodeURIComponent(new URL(page.url()).hash.split("/")[2] ?? "");
    const filed = await world.settlement.findClaim(claimId);
    expect(filed?.amount).toBe(1_200n * USDC);

    // The assessor, on another device: the wallet restored from its backup file, the evidence opened, a sealed vote.
    const assessorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const desk = await assessorContext.newPage();
    await desk.goto(world.appUrl);
    await heading(desk, "Join Harbor Fishers Mutual");
    await desk.getByLabel("Backup file").setInputFiles({ name: "mutua-wallet-backup.json", mimeType: "application/json", buffer: Buffer.from(world.assessor.backup) });
    await desk.getByLabel("The backup's passphrase").fill(ASSESSOR_PASSPHRASE);
    await desk.getByRole("button", { name: "Restore", exact: true }).click();
    await heading(desk, "Harbor Fishers Mutual");
    await desk.getByRole("link", { name: "Assess claims" }).click();
    await heading(desk, "Assess claims");
    const card = desk.locator(`[data-claim="${claimId}"]`);
    await card.getByRole("button", { name: "Open the evidence" }).click();
    await card.getByRole("img", { name: "Evidence photo hull.png" }).waitFor({ state: "visible", timeout: 30_000 });
    await expect.poll(() => card.locator("iframe.pdf").getAttribute("title"), { timeout: 30_000 }).toBe("Evidence document repair-quote.pdf");
    await expectAccessible(desk);
    await screenshot(desk, "06-assessor-evidence");
    await card.getByLabel("Reason (sealed to the claimant)").fill("The photo and the boatyard's quote match the storm report.");
    await card.getByRole("button", { name: "Cast a sealed vote" }).click();
    await card.getByText("Your sealed vote is in").waitFor({ timeout: 60_000 });
    await screenshot(desk, "07-assessor-voted");
    await world.secondAssessor.vote(filed as NonNullable<typeof filed>, { approve: true, amount: 1_200n * USDC, reason: "Consistent with the harbour master's report." });

    const incident = await world.admin.mutual.getIncident(incidentId);
    await world.travelPast(incident.votingEndsAt);
    await desk.reload();
    await unlock(desk, ASSESSOR_PASSPHRASE, "#/assess", "Assess claims");
    await desk.getByRole("button", { name: "Reveal my votes" }).click();
    await desk.getByText("Revealed 1 vote(s).").waitFor({ timeout: 30_000 });
    await world.secondAssessor.reveal();
    const { assessors } = await world.settlement.rounds(incidentId, filed?.nullifier ?? 0n);
    await world.travelPast(assessors.revealEndsAt);
    await world.settlement.finalize(incidentId, filed?.nullifier ?? 0n);
    await world.travelPast((await world.settlement.payableAt(incidentId, filed?.nullifier ?? 0n)) ?? 0n);
    await world.settlement.settle(incidentId, filed?.nullifier ?? 0n);

    // The member sees the payout and the assessor's reason, sealed to them alone.
    await page.reload();
    await unlock(page, PASSPHRASE, `#/claims/${claimId}`, `Claim for incident ${incidentId}`);
    await expect.poll(() => page.locator(".claim-status").getAttribute("data-status"), { timeout: 30_000 }).toBe("Paid");
    await page.getByText("Paid: 1,200 USDC.").waitFor({ state: "visible" });
    await page.getByText(/photo and the boatyard's quote match/).waitFor({ state: "visible" });
    await screenshot(page, "08-claim-paid");
    const token = erc20(world.admin.deployment.token, world.net.chain.provider);
    expect(await token.getFunction("balanceOf")(payout)).toBe(1_200n * USDC);
    await assessorContext.close();
    await context.close();
  });
});
