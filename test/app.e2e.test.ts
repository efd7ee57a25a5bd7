/// <reference lib="dom" />
// The member app in a real browser (Debian's Chromium, driven by Playwright) against a real chain (Anvil), a real
// evidence node (Helia), the relayer and the real circuits: a member joins, pays, claims with a photo and a PDF; an
// assessor restores their wallet from its backup file, opens the evidence and votes, sealed; the payout appears.

import { erc20, MutualKeeper } from "@mutua/sdk";
import { Wallet } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppWorld } from "./app-world.ts";
import { ASSESSOR_PASSPHRASE, startAppWorld, USDC } from "./app-world.ts";
import { injectedWallet, launchChromium, PHONE, screenshot, seriousViolations } from "./browser.ts";

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
    throw new Error(
      `no screen "${name}" (the app shows: ${alerts.filter(Boolean).join(" | ") || (await page.locator("h1").allTextContents()).join(", ")})`,
      { cause: error },
    );
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

/** Presses Tab until the focused control is the one labelled `name` (the way a keyboard user gets there). */
async function tabTo(page: Page, name: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return (element?.labels?.[0]?.textContent ?? element?.getAttribute("aria-label") ?? element?.textContent ?? "").trim();
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** With a focused select: arrow keys until `value` is chosen (the list loads from the chain, so it waits for it). */
async function chooseByKeyboard(page: Page, label: string, value: string): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await select.locator(`option[value="${value}"]`).waitFor({ state: "attached" });
  for (let i = 0; i < 20 && (await select.inputValue()) !== value; i++) await page.keyboard.press("ArrowDown");
  expect(await select.inputValue()).toBe(value);
}

/** The alert a failed action shows: its sentence. */
async function alertText(page: Page): Promise<string> {
  const alert = page.locator(".alert:not([hidden])").first();
  await alert.waitFor({ state: "visible", timeout: 60_000 });
  return (await alert.textContent()) ?? "";
}

/** Opens the claim form, files `amount` USDC for `incident` with one photo to a fresh address; returns the alert shown. */
async function claimRefused(page: Page, incident: bigint | string, amount: string): Promise<string> {
  await page.evaluate(() => {
    location.hash = "#/claim";
  });
  await heading(page, "File a claim");
  await page.getByLabel("Incident", { exact: true }).selectOption(incident.toString());
  await page.getByLabel("Amount (USDC)").fill(amount);
  await page.getByLabel("Payout address").fill(Wallet.createRandom().address);
  await page.getByLabel("Add photos or documents").setInputFiles((await evidenceFiles(page)).slice(0, 1));
  await page.getByRole("button", { name: "File the claim" }).click();
  return alertText(page);
}

async function createWallet(page: Page): Promise<void> {
  await page.goto(world.appUrl);
  await heading(page, "Join Harbor Fishers Mutual");
  await expectAccessible(page);
  await page.getByLabel("New passphrase").fill(PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Create my wallet" }).click();
  await heading(page, "Harbor Fishers Mutual");
}

/**
 * Join from the mutual's join screen as a member would: the offer in words, one button that asks, pays through
 * window.ethereum and receives the credential from the desk. Nothing pasted.
 */
async function join(page: Page, shots?: string): Promise<{ id: string; jwt: string }> {
  await page.getByRole("link", { name: "Join the mutual" }).click();
  await heading(page, "Join the mutual");
  // The offer in words before anything is paid: the price, the cover and the period.
  await page.getByText("The mutual covers up to 5,000 USDC per claim for 365 days, for a premium of 250 USDC.").waitFor();
  if (shots) await screenshot(page, `${shots}-join`);
  await page.getByRole("button", { name: "Pay the premium and join" }).click();
  await heading(page, "Harbor Fishers Mutual", 120_000);
  await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
  const did = (await page.locator(".did code").textContent()) ?? "";
  const issued = world.admin.issuer.issuedCredentials().filter((c) => c.membership.memberDid === did);
  const credential = issued.at(-1);
  if (!credential) throw new Error("the desk issued no credential to this wallet");
  return credential;
}

/** Joining by hand, for an offer the mutual sent by other means: the details opened, the credential pasted. */
async function openManualJoin(page: Page): Promise<void> {
  await page.getByText("Join with an offer the mutual sent you").click();
}

/** Downloads a backup file from the backup screen; its text. */
async function downloadBackup(page: Page): Promise<string> {
  await page.evaluate(() => {
    location.hash = "#/backup";
  });
  await heading(page, "Back up your wallet");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download a backup file" }).click();
  return streamText(await (await download).createReadStream());
}

/** A new phone restores `backup` (a file); returns the page, on the wallet's home screen. */
async function restoreOnNewPhone(backup: string): Promise<{ phone: BrowserContext; page: Page }> {
  const phone = await browser.newContext(PHONE);
  const page = await phone.newPage();
  await page.goto(world.appUrl);
  await heading(page, "Join Harbor Fishers Mutual");
  await page.getByLabel("Backup file").setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from(backup) });
  await page.getByLabel("The backup's passphrase").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await heading(page, "Harbor Fishers Mutual");
  return { phone, page };
}

describe("the member app", () => {
  it("a backup made before joining keeps the membership's secret; after joining the app asks for a fresh one", async () => {
    const { context, page } = await memberContext({ payer: world.payers[0] as string });
    await createWallet(page);
    // Nothing backed up yet: the wallet says so at once.
    await page.locator(".backup-needed").waitFor({ state: "visible" });
    const before = await downloadBackup(page);
    await page.getByText("Your last backup is up to date").waitFor({ state: "visible" });
    await page.evaluate(() => {
      location.hash = "#/home";
    });
    await heading(page, "Harbor Fishers Mutual");
    expect(await page.locator(".backup-needed").count()).toBe(0);

    const credential = await join(page);
    // The credential is something the old backup lacks: the app asks for a new one.
    await page.getByText(/Your wallet holds a membership your last backup does not/).waitFor();
    await expectAccessible(page);
    await screenshot(page, "03b-home-backup-needed");

    // The old backup, restored on another phone: the same identity and secret, so the same credential is accepted.
    const older = await restoreOnNewPhone(before);
    await older.page.getByText(/You are not a member yet/).waitFor();
    await older.page.getByRole("link", { name: "Join the mutual" }).click();
    await heading(older.page, "Join the mutual");
    await openManualJoin(older.page);
    await older.page.getByLabel("The credential you received").fill(credential.jwt);
    await older.page.getByRole("button", { name: "Keep the credential" }).click();
    await heading(older.page, "Harbor Fishers Mutual");
    await expect.poll(() => older.page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
    await older.phone.close();

    // A fresh backup restores the member as they are: no credential to paste.
    const after = await downloadBackup(page);
    const fresh = await restoreOnNewPhone(after);
    await expect.poll(() => fresh.page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
    expect(await fresh.page.locator(".backup-needed").count()).toBe(0);
    await fresh.phone.close();
    await context.close();
  });

  it("join, pay, claim with a photo and a PDF; the assessor opens it and approves, sealed; the payout appears", async () => {
    const { context, page } = await memberContext({ payer: world.payers[0] as string });
    await createWallet(page);
    await expectAccessible(page);
    await screenshot(page, "01-home-new-member");
    await join(page, "02");
    await page.getByText(/Covers up to 5,000 USDC per claim/).waitFor({ state: "visible" });
    await expectAccessible(page);
    await screenshot(page, "03-home-member");

    const { incidentId } = await world.admin.openIncident(7 * 86_400, 7 * 86_400, undefined, {
      region: "KE-14",
      description: "Storm surge at Kilifi harbour",
    });
    // A loss an hour before this member's policy began (it began a minute before the offer): opened now, while the
    // incident opener may still place it (3 days back at most), with claims open long enough to try it at the end.
    const joinedAt = BigInt((await world.net.chain.provider.getBlock("latest"))?.timestamp ?? 0);
    const early = await world.admin.openIncident(60 * 86_400, 7 * 86_400, joinedAt - 2n * 3_600n);
    const payout = Wallet.createRandom().address;
    await page.getByRole("link", { name: "File a claim" }).click();
    await heading(page, "File a claim");
    // Incidents are picked from the open ones the chain lists, by their dates, never typed by number.
    // What happened and where, as the incident opener wrote it.
    await page.getByRole("option", { name: /^Storm surge at Kilifi harbour \(KE-14\): loss / }).waitFor({ state: "attached" });
    await page.getByLabel("Incident", { exact: true }).selectOption(incidentId.toString());
    await page.getByLabel("Amount (USDC)").fill("1200");
    await page.getByLabel("Payout address").fill(payout);
    // A claimant who attacks the assessor: an HTML "statement" with a script, typed as a web page.
    const lure = {
      name: "statement.html",
      mimeType: "text/html",
      buffer: Buffer.from("<p>my statement</p><script>window.top.__mutuaPwned = true; parent.__mutuaPwned = true;</script>"),
    };
    const files = [...(await evidenceFiles(page)), lure];
    await page.getByLabel("Add photos or documents").setInputFiles(files);
    await expectAccessible(page);
    await screenshot(page, "04-claim-form");
    await page.getByRole("button", { name: "File the claim" }).click();
    await heading(page, `Claim for incident ${incidentId}`);
    await expect.poll(() => page.locator(".claim-status").getAttribute("data-status"), { timeout: 90_000 }).toBe("Filed");
    await expectAccessible(page);
    await screenshot(page, "05-claim-filed");
    const claimId = decodeURIComponent(new URL(page.url()).hash.split("/")[2] ?? "");
    const filed = await world.settlement.findClaim(claimId);
    expect(filed?.amount).toBe(1_200n * USDC);
    // Sealed in the browser (its AES and SHA-256), opened in Node (OpenSSL's): the same bytes, verified.
    const openedInNode = await world.secondAssessor.openEvidence(filed as NonNullable<typeof filed>);
    expect(openedInNode.files.map((f) => f.name)).toEqual(["hull.png", "repair-quote.pdf", "statement.html"]);
    expect(Buffer.from(await (openedInNode.files[1] as NonNullable<(typeof openedInNode.files)[1]>).bytes())).toEqual(files[1]?.buffer);

    // The assessor, on another device: the wallet restored from its backup file, the evidence opened, a sealed vote.
    const assessorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const desk = await assessorContext.newPage();
    await desk.goto(world.appUrl);
    await heading(desk, "Join Harbor Fishers Mutual");
    await desk
      .getByLabel("Backup file")
      .setInputFiles({ name: "mutua-wallet-backup.json", mimeType: "application/json", buffer: Buffer.from(world.assessor.backup) });
    await desk.getByLabel("The backup's passphrase").fill(ASSESSOR_PASSPHRASE);
    await desk.getByRole("button", { name: "Restore", exact: true }).click();
    await heading(desk, "Harbor Fishers Mutual");
    await desk.getByRole("link", { name: "Assess claims" }).click();
    await heading(desk, "Assess claims");
    const card = desk.locator(`[data-claim="${claimId}"]`);
    await expect.poll(() => card.locator(".sealed").getAttribute("data-sealed"), { timeout: 90_000 }).toBe("yes");
    await card.getByRole("button", { name: "Open the evidence" }).click();
    await card.getByRole("img", { name: "Evidence photo hull.png" }).waitFor({ state: "visible", timeout: 30_000 });
    await expect
      .poll(() => card.locator("iframe.pdf").getAttribute("title"), { timeout: 90_000 })
      .toBe("Evidence document repair-quote.pdf");
    // The HTML is offered as a download only: never framed, never run in the assessor's page.
    await card.getByRole("link", { name: "Download statement.html" }).waitFor({ state: "visible" });
    expect(await card.locator("iframe").count()).toBe(1);
    expect(await desk.evaluate(() => (window as { __mutuaPwned?: boolean }).__mutuaPwned)).toBeUndefined();
    await expectAccessible(desk);
    await screenshot(desk, "06-assessor-evidence");
    await card.getByLabel("Reason (sealed to the claimant)").fill("The photo and the boatyard's quote match the storm report.");
    await card.getByRole("button", { name: "Cast a sealed vote" }).click();
    await card.getByText("Your sealed vote is in").waitFor({ timeout: 60_000 });
    await screenshot(desk, "07-assessor-voted");
    await world.secondAssessor.vote(filed as NonNullable<typeof filed>, {
      approve: true,
      amount: 1_200n * USDC,
      reason: "Consistent with the harbour master's report.",
    });

    const incident = await world.admin.mutual.getIncident(incidentId);
    await world.travelPast(incident.votingEndsAt);
    // The desk updates itself (no reload): the deadline moves on to the reveal, and the opened evidence stays open.
    await card
      .locator(".windows")
      .getByText(/^Voting closed on .*; reveal your vote by /)
      .waitFor({ timeout: 90_000 });
    await card.getByRole("img", { name: "Evidence photo hull.png" }).waitFor({ state: "visible" });
    await desk.getByRole("button", { name: "Reveal my votes" }).click();
    await desk.getByText("Revealed 1 vote.").waitFor({ timeout: 90_000 });
    await world.secondAssessor.reveal();
    const { assessors } = await world.settlement.rounds(incidentId, filed?.nullifier ?? 0n);
    await world.travelPast(assessors.revealEndsAt);
    // A keeper (what a keeper network does on the keeper contract; nobody at a terminal) decides the claim.
    const keeping = new MutualKeeper({ signer: world.keeperSigner, deployment: world.admin.deployment });
    expect((await keeping.runOnce()).steps).toEqual([expect.objectContaining({ action: "Finalize", succeeded: true })]);
    await world.travelPast((await world.settlement.payableAt(incidentId, filed?.nullifier ?? 0n)) ?? 0n);

    // No keeper has paid it yet: the member collects it from the app (sent by the relayer, no account of theirs).
    await page.reload();
    await unlock(page, PASSPHRASE, `#/claims/${claimId}`, `Claim for incident ${incidentId}`);
    await page.getByRole("button", { name: "Collect my payout now" }).click();

    // The member sees the payout and the assessor's reason, sealed to them alone.
    await expect.poll(() => page.locator(".claim-status").getAttribute("data-status"), { timeout: 90_000 }).toBe("Paid");
    await page.getByText("Paid: 1,200 USDC.").waitFor({ state: "visible" });
    await page.getByText(/photo and the boatyard's quote match/).waitFor({ state: "visible" });
    await expectAccessible(page);
    await screenshot(page, "08-claim-paid");
    const token = erc20(world.admin.deployment.token, world.net.chain.provider);
    expect(await token.getFunction("balanceOf")(payout)).toBe(1_200n * USDC);

    // A loss from before the policy began: not covered, said in words before anything is stored or proven.
    expect(await claimRefused(page, early.incidentId, "300")).toMatch(
      /Your policy does not cover this incident: no current policy was in force at the loss/,
    );
    await assessorContext.close();
    await context.close();
  });
});

describe("the member app, when the mutual is slow", () => {
  it("a join paid and left half-way (the page closed before the mutual admitted it) finishes when the join screen opens again", async () => {
    // The desk is down for now: the premium is paid, the credential does not come.
    await world.pauseAdmissions();
    const payer = world.payers[1] as string;
    const token = erc20(world.admin.deployment.token, world.net.chain.provider);
    const before = (await token.getFunction("balanceOf")(payer)) as bigint;
    const { context, page } = await memberContext({ payer });
    await createWallet(page);
    await page.getByRole("link", { name: "Join the mutual" }).click();
    await heading(page, "Join the mutual");
    await page.getByRole("button", { name: "Pay the premium and join" }).click();
    await page.getByText(/Paid\. Waiting for the mutual to admit you/).waitFor({ timeout: 60_000 });
    // The member closes the page. Later, the wallet is unlocked again and the join screen opened: it picks the join up
    // by itself (no second payment: the premium is already in the queue), and finishes once the desk admits it.
    await page.reload();
    await heading(page, "Unlock your wallet");
    await page.getByLabel("Passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Unlock" }).click();
    // Unlocked where it was left: the join screen.
    await heading(page, "Join the mutual");
    await page.getByText(/Paid\. Waiting for the mutual to admit you/).waitFor({ timeout: 60_000 });
    expect(await world.admitJoins()).toMatchObject({ admitted: 1 });
    await heading(page, "Harbor Fishers Mutual", 60_000);
    await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
    // Paid once: the resumed join found the premium in the queue and did not pay it again.
    expect(await token.getFunction("balanceOf")(payer)).toBe(before - 250n * USDC);
    await context.close();
  });
});

describe("the member app on a phone, by keyboard alone", () => {
  it("creates, joins, pays and claims by keyboard; explains every failure without losing the form; reloads offline; restores from QR codes", async () => {
    const { context, page } = await memberContext({ phone: true, payer: world.payers[1] as string });
    await page.goto(world.appUrl);
    await heading(page, "Join Harbor Fishers Mutual");
    await tabTo(page, "New passphrase");
    await page.keyboard.type(PASSPHRASE);
    await tabTo(page, "Repeat the passphrase");
    await page.keyboard.type("not the same passphrase");
    await page.keyboard.press("Enter");
    expect(await alertText(page)).toMatch(/The two passphrases differ/);
    expect(await page.getByLabel("New passphrase").inputValue()).toBe(PASSPHRASE); // nothing typed is lost
    await page.getByLabel("Repeat the passphrase").fill("");
    await page.getByLabel("Repeat the passphrase").focus();
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press("Enter");
    await heading(page, "Harbor Fishers Mutual");
    await screenshot(page, "phone-01-home");

    await tabTo(page, "Join the mutual");
    await page.keyboard.press("Enter");
    await heading(page, "Join the mutual");
    // The manual path, by keyboard: the details opened with Enter, the offer typed in, the credential too.
    await tabTo(page, "Join with an offer the mutual sent you");
    await page.keyboard.press("Enter");
    const offer = await world.offerFor((await page.getByLabel("Your membership request").textContent()) ?? "");
    await tabTo(page, "The mutual's offer");
    await page.keyboard.insertText(offer.text);
    await tabTo(page, "Pay the premium");
    await page.keyboard.press("Enter");
    await page.getByText(/Paid from your browser wallet/).waitFor({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "phone-02-join");
    const { credentials } = await world.admin.admitMembers([offer.admission]);
    await tabTo(page, "The credential you received");
    await page.keyboard.insertText(credentials[0]?.jwt ?? "");
    await tabTo(page, "Keep the credential");
    await page.keyboard.press("Enter");
    await heading(page, "Harbor Fishers Mutual");
    await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "phone-03-member");

    const { incidentId } = await world.admin.openIncident(7 * 86_400, 7 * 86_400);
    await tabTo(page, "File a claim");
    await page.keyboard.press("Enter");
    await heading(page, "File a claim");
    await tabTo(page, "Incident");
    await chooseByKeyboard(page, "Incident", incidentId.toString());
    await tabTo(page, "Amount (USDC)");
    await page.keyboard.type("6000"); // more than the policy covers
    await tabTo(page, "Payout address");
    await page.keyboard.type(Wallet.createRandom().address);
    // Listening first: Playwright intercepts file choosers only once a listener is in place, and that takes a round
    // trip to the browser; pressing Enter right after could open the (headless, invisible) native chooser instead.
    const chooser = page.waitForEvent("filechooser");
    await tabTo(page, "Add photos or documents");
    await page.keyboard.press("Enter");
    await (await chooser).setFiles(await evidenceFiles(page));
    await tabTo(page, "File the claim");
    await page.keyboard.press("Enter");
    expect(await alertText(page)).toMatch(
      /Your policy does not cover that much: it pays up to 5,000 USDC per claim, and this claim asks 6,000 USDC/,
    );
    expect(await page.getByLabel("Incident", { exact: true }).inputValue()).toBe(incidentId.toString());
    expect(await page.locator("ul.files li").count()).toBe(2);
    await screenshot(page, "phone-04-claim-error");

    // A photo too large for a claim: refused at once, before anything is encrypted or sent.
    await page
      .getByLabel("Take a photo")
      .setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(21 * 1024 * 1024, 1) });
    await page.getByLabel("Amount (USDC)").fill("900");
    await page.getByRole("button", { name: "File the claim" }).click();
    expect(await alertText(page)).toMatch(/“huge.jpg” is 21 MB; each file may be at most 20 MB/);
    await page.getByLabel("Take a photo").setInputFiles([]);

    // The relayer unreachable: the claim is not sent, the form stays, and the next try goes through.
    await context.route(`${world.relayer.url}/**`, (route) => route.abort("internetdisconnected"));
    await page.getByRole("button", { name: "File the claim" }).click();
    expect(await alertText(page)).toMatch(/The relayer cannot be reached, so your claim was not sent/);
    await context.unroute(`${world.relayer.url}/**`);
    await page.getByRole("button", { name: "File the claim" }).click();
    await heading(page, `Claim for incident ${incidentId}`);
    await expect.poll(() => page.locator(".claim-status").getAttribute("data-status"), { timeout: 90_000 }).toBe("Filed");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "phone-05-claim-filed");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);

    // The prover's key and wasm were kept by the service worker on first use.
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return (await (await caches.open("mutua-circuits")).keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached.some((path) => /eligibility-[0-9a-f]{16}\.zkey$/.test(path))).toBe(true);
    expect(cached.some((path) => /eligibility-[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);

    // Offline: a reload still opens the wallet (the app shell from the service worker, the wallet from IndexedDB).
    await context.setOffline(true);
    await page.reload();
    await heading(page, "Unlock your wallet");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Passphrase").fill("a wrong passphrase");
    await page.getByRole("button", { name: "Unlock" }).click();
    expect(await alertText(page)).toMatch(/That passphrase does not open this wallet/);
    expect(await page.getByLabel("Passphrase").inputValue()).toBe("a wrong passphrase");
    await page.getByLabel("Passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Unlock" }).click();
    await heading(page, "Harbor Fishers Mutual");
    await page.getByRole("link", { name: /My claims \(1\)/ }).waitFor({ state: "visible" });
    await screenshot(page, "phone-06-offline");
    await context.setOffline(false);

    // Backup as QR codes, restored on another phone from photos of them.
    await page.getByRole("link", { name: "Back up my wallet" }).click();
    await heading(page, "Back up your wallet");
    await page.getByRole("button", { name: "Show as QR codes" }).click();
    const codes = page.getByRole("img", { name: /Backup QR code, part \d+ of \d+/ });
    await codes.first().waitFor({ state: "visible", timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "phone-07-backup-qr");
    const photos = [];
    for (let i = 0; i < (await codes.count()); i++)
      photos.push({ name: `part-${i + 1}.png`, mimeType: "image/png", buffer: await codes.nth(i).screenshot() });
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download a backup file" }).click();
    const file = JSON.parse(await streamText(await (await download).createReadStream()));
    expect(file.format).toBe("mutua-sealed/1"); // the SDK wallet's own sealed format

    const other = await browser.newContext(PHONE);
    const newPhone = await other.newPage();
    await newPhone.goto(world.appUrl);
    await heading(newPhone, "Join Harbor Fishers Mutual");
    await newPhone.getByLabel("Or photos of its QR codes").setInputFiles(photos.reverse());
    await newPhone.getByLabel("The backup's passphrase").fill(PASSPHRASE);
    await newPhone.getByRole("button", { name: "Restore", exact: true }).click();
    await heading(newPhone, "Harbor Fishers Mutual");
    expect(await newPhone.locator(".did code").textContent()).toBe(
      await page.evaluate(() =>
        (globalThis as { mutua?: { session?: { wallet: { did(): Promise<string> } } } }).mutua?.session?.wallet.did(),
      ),
    );
    await other.close();

    // Revoked: the wallet says so, and a claim is refused in words.
    await world.admin.revokeMember(credentials[0]?.id ?? "");
    await page.evaluate(() => {
      location.hash = "#/home";
    });
    await heading(page, "Harbor Fishers Mutual");
    await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("revoked");
    await screenshot(page, "phone-08-revoked");
    const second = await world.admin.openIncident(7 * 86_400, 7 * 86_400);
    expect(await claimRefused(page, second.incidentId, "100")).toMatch(/Your membership is not in the mutual's member list/);
    await context.close();
  });

  it("a wallet that never joined is told so when it claims; an unreachable chain is a sentence, not a stack", async () => {
    const { context, page } = await memberContext({ payer: world.payers[1] as string });
    await createWallet(page);
    // The chain's node unreachable: the wallet still opens; what needs the chain says why it cannot.
    await context.route(`${world.net.rpcUrl}/**`, (route) => route.abort("internetdisconnected"));
    await context.route(world.net.rpcUrl, (route) => route.abort("internetdisconnected"));
    await page.getByRole("link", { name: "Assess claims" }).click();
    await heading(page, "Assess claims");
    const alert = page.getByText(/The claims cannot be read now/);
    await alert.waitFor({ state: "visible", timeout: 60_000 });
    const unreachable = (await alert.textContent()) ?? "";
    expect(unreachable).toMatch(/The claims cannot be read now: The blockchain node cannot be reached/);
    expect(unreachable).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
    await context.unroute(`${world.net.rpcUrl}/**`);
    await context.unroute(world.net.rpcUrl);

    const open = await world.admin.openIncident(7 * 86_400, 7 * 86_400);
    expect(await claimRefused(page, open.incidentId, "100")).toMatch(/You are not a member of this mutual yet/);
    await context.close();
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts).toString("utf8");
}

describe("the member app at a desk that asks for a credential first", () => {
  it("shows the request for the person's own wallet, waits for its answer, then joins", async () => {
    const { startPidIssuer, PID_VCT } = await import("./pid-issuer.ts");
    const { answerPresentationRequest, holderKey } = await import("./standard-wallet.ts");
    const pid = await startPidIssuer();
    await world.requireProof({
      purpose: "Adults living in Kenya",
      trustedIssuers: [pid.issuer],
      vct: [PID_VCT],
      claims: [
        { path: ["age_over_18"], values: [true] },
        { path: ["address", "country"], values: ["KE"] },
      ],
    });
    const payer = world.payers[0] as string;
    await world.net.mint(payer, 1_000n * USDC);
    const { context, page } = await memberContext({ payer, phone: true });
    try {
      await createWallet(page);
      await page.getByRole("link", { name: "Join the mutual" }).click();
      await heading(page, "Join the mutual");
      await page.getByText("It asks to see a credential from your wallet first: Adults living in Kenya.").waitFor();
      await page.getByRole("button", { name: "Pay the premium and join" }).click();
      // The request for the person's wallet app (an openid4vp:// link opens it on a phone).
      const link = page.locator("#proof-link");
      await link.waitFor({ timeout: 60_000 });
      await page.getByText("The mutual asks to see, from your wallet: age over 18, address country.").waitFor();
      await expectAccessible(page);
      await screenshot(page, "phone-10-join-proof");
      // The person's identity wallet (not Mutua's) answers it.
      const key = await holderKey();
      const credential = await pid.issue(key.publicJwk, { age_over_18: true, country: "KE", given_name: "Wanjiru" });
      const answer = await answerPresentationRequest((await link.getAttribute("href")) as string, credential, key);
      expect(answer.response.status).toBe(200);
      await heading(page, "Harbor Fishers Mutual", 120_000);
      await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
    } finally {
      await context.close();
      await world.requireProof(undefined);
      await pid.close();
    }
  });
});

describe("the member app when a disaster index crosses its threshold", () => {
  it("the home screen says the member's policy pays; one step claims it, proven in the browser and paid at once", async () => {
    const rain = await world.rainCover();
    const payer = world.payers[1] as string;
    await world.net.mint(payer, 1_000n * USDC);
    const { context, page } = await memberContext({ payer, phone: true });
    try {
      await createWallet(page);
      await join(page);
      const eventId = await rain.trigger();
      // The wallet finds the event from public data and checks its own policy: the home screen says it pays.
      await page.reload();
      await unlock(page, PASSPHRASE, "#/", "Harbor Fishers Mutual");
      const notice = page.getByText(/Rain over the lakeshore \(24 h, tenths of a mm\): your policy pays 200 USDC\./);
      await notice.waitFor({ timeout: 60_000 });
      await page.getByRole("link", { name: "Claim it now" }).click();
      await heading(page, "Disaster cover");
      const card = page.locator(`[data-event="${eventId}"]`);
      await card.getByText("Your policy covers this event.", { exact: false }).waitFor();
      const payout = Wallet.createRandom().address;
      await card.getByLabel("Payout address").fill(payout);
      await expectAccessible(page);
      await screenshot(page, "phone-11-disaster-cover");
      await card.getByRole("button", { name: "Claim 200 USDC" }).click();
      await card.getByText(`Paid 200 USDC to ${payout}.`).waitFor({ timeout: 120_000 });
      expect(await erc20(world.net.tokenAddress, world.net.chain.provider).getFunction("balanceOf")(payout)).toBe(200n * USDC);
      // Claimed once: the wallet sees its own nullifier among the event's paid claims.
      await page.reload();
      await unlock(page, PASSPHRASE, "#/disasters", "Disaster cover");
      await card.getByText("You claimed it.").waitFor({ timeout: 60_000 });
    } finally {
      await context.close();
    }
  });
});

describe("the member app at a desk priced from the members' rate table", () => {
  it("explains the premium step by step before anything is paid, says what a claim discloses, then joins at that premium", async () => {
    await world.priceFromTable(true);
    const payer = world.payers[0] as string;
    await world.net.mint(payer, 1_000n * USDC);
    const before = (await erc20(world.net.tokenAddress, world.net.chain.provider).getFunction("balanceOf")(payer)) as bigint;
    const { context, page } = await memberContext({ payer, phone: true });
    try {
      await createWallet(page);
      await page.getByRole("link", { name: "Join the mutual" }).click();
      await heading(page, "Join the mutual");
      // Read from the desk, the table checked adopted on-chain and the premium recomputed in the wallet, before any press.
      const why = page.getByRole("list", { name: "Why this premium" });
      await why.waitFor({ timeout: 60_000 });
      const steps = await why.getByRole("listitem").allTextContents();
      expect(steps.length).toBeGreaterThanOrEqual(5);
      expect(steps.join(" ")).toMatch(/port Kilifi/);
      expect(steps.at(-1)).toMatch(/Premium for 1 boat-year/);
      const premium = BigInt(Math.round(Number(/([\d,.]+) USDC\.$/.exec(steps.at(-1) ?? "")?.[1]?.replaceAll(",", "")) * 1e6));
      // A new class: the wallet says a claim would name it before it holds the members' minimum.
      await page.getByText(/Your rating class holds 0 members, fewer than the 5/).waitFor();
      await expectAccessible(page);
      await screenshot(page, "phone-12-why-this-premium");
      await page.getByRole("button", { name: "Pay the premium and join" }).click();
      await heading(page, "Harbor Fishers Mutual", 120_000);
      await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
      const after = (await erc20(world.net.tokenAddress, world.net.chain.provider).getFunction("balanceOf")(payer)) as bigint;
      expect(before - after).toBe(premium);
    } finally {
      await context.close();
      await world.priceFromTable(false);
    }
  });
});
