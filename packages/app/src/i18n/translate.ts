// The app's messages: English text in the code (the message and its identifier, as gettext and Lingui do), ICU
// MessageFormat for every value and plural, translated by catalogs loaded when their language is chosen. Numbers,
// amounts and dates are formatted by the browser's Intl for the chosen language.
import { IntlMessageFormat } from "intl-messageformat";
import type { LocaleTag } from "./locales.ts";
import { negotiateLocale, SOURCE_LOCALE, textDirection } from "./locales.ts";

export type Catalog = Readonly<Record<string, string>>;
type Values = Record<string, string | number | bigint | Date | boolean | null | undefined>;

const CATALOGS: Record<Exclude<LocaleTag, "en">, () => Promise<{ default: Catalog }>> = {
  fr: () => import("./messages/fr.ts"),
  sw: () => import("./messages/sw.ts"),
  "zh-Hans": () => import("./messages/zh-Hans.ts"),
};

const STORAGE_KEY = "mutua.locale";

let current: LocaleTag = SOURCE_LOCALE;
let catalog: Catalog = {};
const compiled = new Map<string, IntlMessageFormat>();

/** The language the app speaks now. */
export function locale(): LocaleTag {
  return current;
}

/** The person's language: their saved choice, else the closest to the browser's; loads its catalog. */
export async function startLocale(): Promise<LocaleTag> {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  return setLocale(negotiateLocale([...(saved ? [saved] : []), ...navigator.languages]), { save: false });
}

/** Switches the language (and the page's lang and dir); saved for the next visit unless `save` is false. */
export async function setLocale(tag: LocaleTag, options: { save?: boolean } = {}): Promise<LocaleTag> {
  catalog = tag === SOURCE_LOCALE ? {} : (await CATALOGS[tag as Exclude<LocaleTag, "en">]()).default;
  current = tag;
  compiled.clear();
  document.documentElement.lang = tag;
  document.documentElement.dir = textDirection(tag);
  if (options.save !== false) safeStorage()?.setItem(STORAGE_KEY, tag);
  return tag;
}

/**
 * A message in the current language. `source` is the English text, in ICU MessageFormat: `{name}` for a value,
 * `{count, plural, one {# code} other {# codes}}` for a plural. Values are formatted for the language.
 */
export function t(source: string, values?: Values): string {
  let message = compiled.get(source);
  if (!message) {
    // A message the catalog lacks is said in English (the catalog test fails on any such gap).
    message = new IntlMessageFormat(catalog[source] ?? source, current);
    compiled.set(source, message);
  }
  return String(message.format(values as Record<string, string | number | boolean | Date | null | undefined>));
}

/** An amount of a token, from its base units: exact (a decimal string, never a float), grouped for the language. */
export function formatAmount(baseUnits: bigint, decimals: number, symbol: string): string {
  const negative = baseUnits < 0n;
  const units = negative ? -baseUnits : baseUnits;
  const scale = 10n ** BigInt(decimals);
  const fraction = (units % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  const decimal = `${negative ? "-" : ""}${units / scale}${fraction ? `.${fraction}` : ""}`;
  // Intl formats a numeric string exactly (ECMA-402 Intl.NumberFormat v3), however many digits the token has.
  const number = new Intl.NumberFormat(current, { maximumFractionDigits: Math.min(decimals, 100) }).format(decimal as unknown as number);
  return t("{amount} {symbol}", { amount: number, symbol });
}

/** A day, as the language writes it (7 Dec 2026, 7 déc. 2026, 2026年12月7日). */
export function formatDay(seconds: bigint | number | string): string {
  return new Intl.DateTimeFormat(current, { day: "numeric", month: "short", year: "numeric" }).format(Number(seconds) * 1000);
}

/** A moment to the minute, in the phone's own time zone: for deadlines that close within a day. */
export function formatMoment(seconds: bigint | number | string): string {
  return new Intl.DateTimeFormat(current, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(
    Number(seconds) * 1000,
  );
}

/** A plain number (counts, percentages' digits) for the language. */
export function formatNumber(value: number | bigint): string {
  return new Intl.NumberFormat(current).format(value);
}

function safeStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: the choice lasts for this visit
  }
}
