import type { LocaleTag } from "../i18n/locales.ts";
import { LOCALES } from "../i18n/locales.ts";
import { locale, setLocale, t } from "../i18n/translate.ts";
import { h } from "./dom.ts";

/**
 * The language menu in the header: each language named in itself (lang set, so a screen reader says it in that
 * language); a choice loads its catalog, is kept for the next visit, and the screen is drawn again in it.
 */
export function languagePicker(onChange: () => void): HTMLElement {
  const select = h(
    "select",
    { "aria-label": t("Language"), class: "language" },
    ...LOCALES.map((l) => h("option", { value: l.tag, lang: l.tag, selected: l.tag === locale() }, l.name)),
  );
  select.addEventListener("change", async () => {
    select.disabled = true;
    try {
      await setLocale(select.value as LocaleTag);
      select.setAttribute("aria-label", t("Language"));
      onChange();
    } catch (error) {
      // The catalog could not be loaded (offline before it was cached): the app stays in the language it was in.
      console.warn("mutua: language not changed", error);
      select.value = locale();
    } finally {
      select.disabled = false;
    }
  });
  return select;
}
