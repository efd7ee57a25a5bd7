import type { HttpEvidenceStore } from "@mutua/sdk/browser";
import type { Provider } from "ethers";
import type { AppConfig } from "./config.ts";
import type { AppContext } from "./context.ts";
import { t } from "./i18n/translate.ts";
import { WorkerProver } from "./prover/worker-prover.ts";
import { welcomeScreen } from "./screens/welcome.ts";
import type { Records } from "./storage/records.ts";
import { describeError, setMoneyFormat } from "./ui/describe-error.ts";
import { button, format, h } from "./ui/dom.ts";
import { languagePicker } from "./ui/language-picker.ts";

type Screen = (context: AppContext, argument: string) => HTMLElement | Promise<HTMLElement>;

/**
 * The screens behind the wallet's lock, by route, each loaded when first shown: the first screen (unlock or
 * create) downloads only the shell, and the SDK comes with the first action.
 */
const ROUTES: Record<string, () => Promise<Screen>> = {
  home: async () => (await import("./screens/home.ts")).homeScreen,
  join: async () => (await import("./screens/join.ts")).joinScreen,
  claim: async () => (await import("./screens/claim.ts")).claimScreen,
  claims: async () => {
    const { claimDetailScreen, claimsScreen } = await import("./screens/claims.ts");
    return (context, id) => (id ? claimDetailScreen(context, id) : claimsScreen(context));
  },
  backup: async () => (await import("./screens/backup.ts")).backupScreen,
  cover: async () => (await import("./screens/cover.ts")).coverScreen,
  disasters: async () => (await import("./screens/disaster-cover.ts")).disasterCoverScreen,
  assess: async () => (await import("./screens/assess.ts")).assessScreen,
};

/** The app: a hash router over the screens, the wallet's lock, and the services every screen shares. */
export function startApp(root: HTMLElement, config: AppConfig, records: Records): AppContext {
  setMoneyFormat((baseUnits) => format(baseUnits, config.token.decimals, config.token.symbol));
  let chain: Promise<Provider> | undefined;
  let store: Promise<HttpEvidenceStore> | undefined;
  const context: AppContext = {
    config,
    records,
    prover: new WorkerProver(),
    evidenceStore() {
      store ??= import("@mutua/sdk/browser").then(
        ({ HttpEvidenceStore }) => new HttpEvidenceStore(config.evidenceNode, config.evidenceToken ? { token: config.evidenceToken } : {}),
      );
      return store;
    },
    session: undefined,
    chain() {
      chain ??= import("./chain/accounts.ts").then(({ readChain }) => readChain(config)).then((c) => c.provider);
      // A failed connection is not kept: the next screen tries again.
      chain.catch(() => {
        chain = undefined;
      });
      return chain;
    },
    navigate(route) {
      if (location.hash === route) void render();
      else location.hash = route;
    },
  };
  const lock = button(
    t("Lock"),
    () => {
      context.session = undefined;
      context.navigate("#/");
    },
    { kind: "secondary" },
  );
  const skip = h("a", { href: "#main", class: "skip" }, t("Skip to content"));
  // A new language re-draws the header's words and the screen (a form being filled is drawn again, empty: the
  // language is chosen before, on the first screen).
  const picker = languagePicker(() => {
    skip.textContent = t("Skip to content");
    lock.textContent = t("Lock");
    void render();
  });
  const header = h("header", {}, skip, h("span", { class: "brand", translate: "no" }, "Mutua"), picker, lock);
  const main = h("main", { id: "main" });
  root.replaceChildren(header, main);

  let rendering = 0;
  async function render(): Promise<void> {
    const ticket = ++rendering;
    const [name = "", argument = ""] = location.hash.replace(/^#\/?/, "").split("/");
    lock.hidden = context.session === undefined;
    let view: HTMLElement;
    try {
      const route = context.session ? (ROUTES[name] ?? ROUTES.home) : undefined;
      view = route ? await (await route())(context, decodeURIComponent(argument)) : await welcomeScreen(context);
    } catch (error) {
      const { code, sentence } = describeError(error);
      view = h(
        "section",
        { class: "screen" },
        h("h1", { tabindex: "-1" }, t("Something went wrong")),
        h("p", { role: "alert" }, sentence, h("small", { class: "code" }, ` (${code})`)),
        h("a", { href: "#/home" }, t("Back to your wallet")),
      );
    }
    if (ticket !== rendering) return; // a newer navigation won
    main.replaceChildren(view);
    main.querySelector<HTMLElement>("h1")?.focus();
    document.title = `${main.querySelector("h1")?.textContent ?? "Mutua"} · Mutua`;
  }
  window.addEventListener("hashchange", () => void render());
  void render();
  return context;
}
