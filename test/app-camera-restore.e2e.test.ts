/// <reference lib="dom" />
// Restoring a wallet by holding its backup's QR codes up to the camera, live: Chromium's fake camera plays a video of
// the codes (each part in turn, with an unrelated QR code among them, as a phone's camera sees a room), the app reads
// the frames until every part is in, and the wallet comes back with its identity. Played against the app as a host
// serves it, in a phone's viewport.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createIdentityAgent, MemberWallet } from "@mutua/identity";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupParts } from "../packages/app/src/backup-qr.ts";
import { STATIC_MUTUAL, serveApp } from "./app-static-host.ts";
import { APP_DIST } from "./app-world.ts";
import { launchChromium, PHONE, screenshot, seriousViolations } from "./browser.ts";
import { writeQrVideo } from "./qr-video.ts";

const PASSPHRASE = "a backup passphrase 2026";
const dir = mkdtempSync(join(tmpdir(), "mutua-camera-"));
let host: Awaited<ReturnType<typeof serveApp>>;
let browser: Browser;
let did: string;
let parts: string[];

beforeAll(async () => {
  const wallet = await MemberWallet.open(await createIdentityAgent());
  await wallet.requestMembership({ chainId: 31337n, contract: `0x${"1".repeat(40)}` }); // a secret for the mutual, backed up with it
  did = await wallet.did();
  parts = backupParts(await wallet.exportBackup(PASSPHRASE));
  // The parts out of order, and a QR code that is not the backup's (a poster on the wall) between them.
  const video = join(dir, "codes.y4m");
  writeQrVideo(video, [parts.at(-1) as string, "https://example.com/not-a-backup", ...parts.slice(0, -1)]);
  host = await serveApp(APP_DIST);
  browser = await launchChromium([
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${video}`,
  ]);
});
afterAll(async () => {
  await browser?.close();
  host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("restoring a wallet from its QR codes, live with the camera", () => {
  it("reads every part from the camera in any order, passes over other codes, and restores the wallet", async () => {
    expect(parts.length).toBeGreaterThan(1);
    const context = await browser.newContext(PHONE);
    await context.grantPermissions(["camera"], { origin: host.origin });
    const page = await context.newPage();
    await page.goto(host.app);
    await page.getByRole("heading", { level: 1, name: `Join ${STATIC_MUTUAL}` }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Scan the codes with the camera" }).click();
    await page.getByText(`Scanned 1 of ${parts.length} parts.`).waitFor({ timeout: 60_000 });
    await screenshot(page, "phone-13-camera-restore");
    await page.getByText("Every part is scanned: enter the backup's passphrase and restore.").waitFor({ timeout: 120_000 });
    // The camera is off once the backup is whole.
    expect(await page.locator("video.camera").evaluate((video: HTMLVideoElement) => [video.hidden, video.srcObject])).toEqual([true, null]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("The backup's passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: STATIC_MUTUAL }).waitFor({ timeout: 60_000 });
    expect(await page.locator(".did code").textContent()).toBe(did);
    await context.close();
  });

  it("stopping the camera before the end says so, and the form is kept", async () => {
    const context = await browser.newContext(PHONE);
    await context.grantPermissions(["camera"], { origin: host.origin });
    const page = await context.newPage();
    await page.goto(host.app);
    await page.getByRole("heading", { level: 1, name: `Join ${STATIC_MUTUAL}` }).waitFor({ timeout: 60_000 });
    await page.getByLabel("The backup's passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Scan the codes with the camera" }).click();
    await page.getByRole("button", { name: "Stop the camera" }).click();
    await page.getByText("The camera was stopped before every part was scanned.").waitFor({ timeout: 30_000 });
    expect(await page.getByLabel("The backup's passphrase").inputValue()).toBe(PASSPHRASE);
    await context.close();
  });
});
