// Every language the app ships says every message, and says it with the same values: a catalog that misses a
// message, keeps one the app no longer uses, drops or renames a value ({amount}), breaks ICU syntax, or leaves a
// message in English fails here. The browser test then checks the screens themselves (test/app-languages.e2e.test.ts).
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { extractMessages } from "../build/messages.ts";
import { LOCALES, negotiateLocale, textDirection } from "../src/i18n/locales.ts";
import type { Catalog } from "../src/i18n/translate.ts";

const messages = extractMessages();
const catalogs: Record<string, Catalog> = {
  fr: (await import("../src/i18n/messages/fr.ts")).default,
  sw: (await import("../src/i18n/messages/sw.ts")).default,
  "zh-Hans": (await import("../src/i18n/messages/zh-Hans.ts")).default,
};
/** Messages that are rightly the same words in a language: French shares "Incident" with English; KB is a unit. */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  fr: ["Incident", "Incident {id}", "Incident {id}: {amount}"],
  sw: ["{file} ({size} KB)"],
  "zh-Hans": ["{file} ({size} KB)"],
};

/** The values a message takes, by name and kind (plural, number, plain), from its parsed form. */
function valuesOf(message: string, locale: string): string[] {
  const found = new Set<string>();
  const walk = (elements: readonly unknown[]) => {
    for (const element of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (intl-messageformat's element types)
      if (element.type >= 1 && element.type <= 6) found.add(`${element.value}:${element.type === 6 ? "plural" : "value"}`);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...found].sort();
}

/** The words of a message outside its values: what a translation must change. */
const words = (message: string) => message.replace(/\{[^{}]*\}/g, "").replace(/[^\p{L}]+/gu, "");

describe("the app's messages", () => {
  it("are literal English in the code, each t() call's first argument", () => {
    expect(messages.size).toBeGreaterThan(300);
    expect(messages.has("Unlock your wallet")).toBe(true);
  });

  for (const { tag } of LOCALES.filter((l) => l.tag !== "en")) {
    describe(tag, () => {
      const catalog = catalogs[tag] as Catalog;

      it("has every message the app uses, and none it does not", () => {
        const missing = [...messages.keys()].filter((m) => catalog[m] === undefined);
        const stale = Object.keys(catalog).filter((m) => !messages.has(m));
        expect({ missing, stale }).toEqual({ missing: [], stale: [] });
      });

      it("says each with the same values as the English, in valid ICU MessageFormat", () => {
        const differing = Object.entries(catalog)
          .filter(([english, translated]) => JSON.stringify(valuesOf(english, "en")) !== JSON.stringify(valuesOf(translated, tag)))
          .map(([english]) => english);
        expect(differing).toEqual([]);
      });

      it("translates every message that has words", () => {
        const untranslated = Object.entries(catalog)
          .filter(([english, translated]) => words(english) !== "" && words(english) === words(translated))
          .map(([english]) => english)
          .filter((english) => !SAME_AS_ENGLISH[tag]?.includes(english));
        expect(untranslated).toEqual([]);
      });

      it("formats every message with values of the right kind", () => {
        for (const [english, translated] of Object.entries(catalog)) {
          const values = Object.fromEntries(valuesOf(english, "en").map((v) => [v.split(":")[0], v.endsWith("plural") ? 2 : "x"]));
          expect(() => new IntlMessageFormat(translated, tag).format(values), english).not.toThrow();
        }
      });
    });
  }
});

describe("choosing the language", () => {
  it("takes the closest shipped language from the browser's list, English when none matches", () => {
    expect(negotiateLocale(["fr-CA", "en"])).toBe("fr");
    expect(negotiateLocale(["sw-KE"])).toBe("sw");
    expect(negotiateLocale(["zh-CN"])).toBe("zh-Hans");
    expect(negotiateLocale(["zh-TW", "fr"])).toBe("fr"); // Traditional Chinese is not shipped: the next choice
    expect(negotiateLocale(["de", "not a tag!"])).toBe("en");
  });

  it("lays out right-to-left languages mirrored", () => {
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("he")).toBe("rtl");
    expect(textDirection("fr")).toBe("ltr");
    expect(textDirection("zh-Hans")).toBe("ltr");
  });
});
