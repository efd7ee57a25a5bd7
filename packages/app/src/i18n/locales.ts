/**
 * The languages the app ships, by BCP 47 tag, each named in itself (a person looks for their own language's name).
 * English is the source language: its messages are the text in the code; the others are catalogs of translations.
 */
export const LOCALES = [
  { tag: "en", name: "English" },
  { tag: "fr", name: "Français" },
  { tag: "sw", name: "Kiswahili" },
  { tag: "zh-Hans", name: "简体中文" },
] as const;

export type LocaleTag = (typeof LOCALES)[number]["tag"];

export const SOURCE_LOCALE: LocaleTag = "en";

/** The shipped language closest to what the person asked for (their saved choice, then the browser's languages). */
export function negotiateLocale(wanted: readonly string[]): LocaleTag {
  for (const tag of wanted) {
    let locale: Intl.Locale;
    try {
      locale = new Intl.Locale(tag).maximize();
    } catch {
      continue; // not a language tag
    }
    const exact = LOCALES.find((l) => l.tag.toLowerCase() === tag.toLowerCase());
    if (exact) return exact.tag;
    // zh, zh-CN, zh-SG are written in Simplified Han; zh-TW and zh-HK in Traditional, which is not shipped.
    if (locale.language === "zh") {
      if (locale.script === "Hans") return "zh-Hans";
      continue;
    }
    const sameLanguage = LOCALES.find((l) => l.tag === locale.language);
    if (sameLanguage) return sameLanguage.tag;
  }
  return SOURCE_LOCALE;
}

/** Right-to-left languages (Arabic, Hebrew, Persian, Urdu...) lay the page out mirrored; the CSS uses logical properties. */
export function textDirection(tag: string): "ltr" | "rtl" {
  const locale = new Intl.Locale(tag).maximize() as Intl.Locale & {
    getTextInfo?: () => { direction?: string };
    textInfo?: { direction?: string };
  };
  const direction = locale.getTextInfo?.().direction ?? locale.textInfo?.direction;
  if (direction === "rtl" || direction === "ltr") return direction;
  return ["Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"].includes(locale.script ?? "") ? "rtl" : "ltr";
}
