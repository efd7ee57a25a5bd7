/// <reference lib="dom" />
// The member app in each language it ships (English, French, Swahili, Simplified Chinese), in a real browser on a
// phone's viewport, against a real chain, evidence node, relayer and join desk: a member joins in English, then
// switches the language from the header and opens every screen. A screen fails on any text it still shows in
// English (a string that escaped the catalogs), on text that overflows its box or the page, and on any serious
// accessibility violation; the choice survives a reload, and the locked wallet opens in the chosen language.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppWorld } from "./app-world.ts";
import { startAppWorld } from "./app-world.ts";
import { injectedWallet, launchChromium, PHONE, screenshot, seriousViolations } from "./browser.ts";

const PASSPHRASE = "correct horse battery staple";
const MUTUAL = "Harbor Fishers Mutual";
const LANGUAGES = ["fr", "sw", "zh-Hans"] as const;
/** Every screen behind the lock, by route. */
const ROUTES = ["#/home", "#/join", "#/claim", "#/claims", "#/backup", "#/cover", "#/disasters", "#/assess"] as const;
/** Where the screenshots in docs/app.md come from (`MUTUA_DOC_SCREENSHOTS=docs/app pnpm vitest run test/app-languages`). */
const DOC_SHOTS = process.env.MUTUA_DOC_SCREENSHOTS;

let world: AppWorld;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [world, browser] = await Promise.all([startAppWorld(), launchChromium()]);
  context = await browser.newContext({ ...PHONE, locale: "en-US" });
  await context.addInitScript(injectedWallet(world.net.rpcUrl, world.payers[0] as string));
  page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** The words a person sees or hears on the page: text, and the labels, alternatives and titles read out. */
function pageTexts(): string[] {
  const lang = document.documentElement.lang;
  // The mutual's own words and identifiers (translate="no"), and text marked as being in another language (the
  // language menu's names, the SDK's English explanations), are not the app's to translate.
  const foreign = (element: Element) =>
    element.closest('[translate="no"], script, style, noscript') !== null ||
    [...ancestors(element)].some((e) => e.hasAttribute("lang") && e.getAttribute("lang") !== lang);
  function* ancestors(element: Element): Generator<Element> {
    for (let e: Element | null = element; e && e !== document.documentElement; e = e.parentElement) yield e;
  }
  const texts: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text && node.parentElement && !foreign(node.parentElement)) texts.push(text);
  }
  for (const element of Array.from(document.body.querySelectorAll("[aria-label], [alt], [title]"))) {
    if (foreign(element)) continue;
    for (const name of ["aria-label", "alt", "title"]) {
      const value = element.getAttribute(name)?.trim();
      if (value) texts.push(value);
    }
  }
  return texts;
}

/** Text that runs out of its box, or a page wider than the phone: what a longer language breaks first. */
function overflowing(): string[] {
  const problems: string[] = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide on a ${window.innerWidth}px screen`);
  }
  for (const element of Array.from(document.querySelectorAll<HTMLElement>("h1, h2, label, button, a.button, .badge, summary, p, li"))) {
    if (element.offsetParent === null) continue; // not shown
    if (element.scrollWidth > element.clientWidth + 1) problems.push(`“${element.textContent?.trim().slice(0, 60)}” overflows its box`);
  }
  return problems;
}

/** The page's words once it stops changing (badges and lists fill in from the chain after the screen shows). */
async function settledTexts(): Promise<string[]> {
  let previous = "";
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(500);
    const texts = await page.evaluate(pageTexts);
    const key = JSON.stringify(texts);
    if (key === previous && !texts.some((t) => t.endsWith("…"))) return texts;
    previous = key;
  }
  return JSON.parse(previous) as string[];
}

async function go(route: string): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, route);
  await page.locator("main h1").waitFor();
}

/** Words a language rightly shares with English (French says "Incident" too). */
const SHARED_WORDS: Record<string, readonly string[]> = { fr: ["Incident"] };

/** Words shown in both English and `language` that are English words, not the mutual's name or a shared word. */
function untranslated(language: string, english: readonly string[], shown: readonly string[]): string[] {
  const before = new Set(english);
  const shared = new Set([MUTUAL, ...(SHARED_WORDS[language] ?? [])]);
  return [...new Set(shown)].filter((text) => before.has(text) && /[A-Za-z]{2,}/.test(text) && !shared.has(text));
}

/** Locks the wallet if it is open (the header's button), and waits for the locked screen's passphrase field. */
async function lock(): Promise<void> {
  const button = page.locator("header button");
  if (await button.isVisible()) await button.click();
  await page.locator("main input[type=password]").first().waitFor();
}

async function chooseLanguage(tag: string): Promise<void> {
  await page.locator("header select.language").selectOption(tag);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(tag);
}

describe("the app in every language it ships", () => {
  const english = new Map<string, string[]>();

  it("a member creates a wallet and joins in English; every screen is recorded as the English reference", async () => {
    await page.goto(world.appUrl);
    await page.getByRole("heading", { level: 1, name: `Join ${MUTUAL}` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByLabel("New passphrase").fill(PASSPHRASE);
    await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Create my wallet" }).click();
    await page.getByRole("heading", { level: 1, name: MUTUAL }).waitFor({ timeout: 60_000 });
    await page.getByRole("link", { name: "Join the mutual" }).click();
    await page.getByRole("button", { name: "Pay the premium and join" }).click();
    await page.getByRole("heading", { level: 1, name: MUTUAL }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator(".badge").first().textContent(), { timeout: 60_000 }).toBe("valid");
    for (const route of ROUTES) {
      await go(route);
      english.set(route, await settledTexts());
    }
    await page.locator("header button").click(); // lock
    await page.getByRole("heading", { level: 1, name: "Unlock your wallet" }).waitFor();
    english.set("locked", await settledTexts());
  });

  for (const language of LANGUAGES) {
    it(`${language}: the locked wallet and every screen say everything in it, fit the phone and stay accessible`, async () => {
      expect(english.size, "the English reference was recorded").toBe(ROUTES.length + 1);
      await lock();
      await chooseLanguage(language);
      const problems: string[] = [];
      const check = async (name: string) => {
        const shown = await settledTexts();
        for (const text of untranslated(language, english.get(name) ?? [], shown)) problems.push(`${name}: still in English: “${text}”`);
        for (const overflow of await page.evaluate(overflowing)) problems.push(`${name}: ${overflow}`);
        for (const violation of await seriousViolations(page)) problems.push(`${name}: ${violation}`);
      };
      await check("locked");
      await page.locator("main input[type=password]").first().fill(PASSPHRASE);
      await page.locator("main form button[type=submit]").first().click();
      await page.getByRole("heading", { level: 1, name: MUTUAL }).waitFor({ timeout: 60_000 });
      for (const route of ROUTES) {
        await go(route);
        await check(route);
        await screenshot(page, `language-${language}-${route.slice(2)}`);
        if (DOC_SHOTS && (route === "#/home" || route === "#/claim")) {
          mkdirSync(DOC_SHOTS, { recursive: true });
          await page.screenshot({ path: join(DOC_SHOTS, `app-${language}-${route.slice(2)}.png`) });
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("the choice is kept: after a reload the wallet opens in the language chosen last, laid out left to right", async () => {
    await lock();
    await chooseLanguage("zh-Hans");
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "解锁你的钱包" }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["zh-Hans", "ltr"]);
    expect(await page.locator("header select.language").inputValue()).toBe("zh-Hans");
    // Amounts and dates follow the language: the member's cover in Chinese words, numbers and date order.
    await page.getByLabel("密码短语").fill(PASSPHRASE);
    await page.getByRole("button", { name: "解锁" }).click();
    await page.getByRole("heading", { level: 1, name: MUTUAL }).waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.locator(".card p").first().textContent())
      .toMatch(/^每笔理赔最高赔付 5,000 USDC，保障 \d{4}年\d{1,2}月\d{1,2}日 至/);
  });
});
