import { HttpEvidenceStore } from "@mutua/evidence";
import type { Provider } from "ethers";
import { readChain } from "./chain/accounts.ts";
import type { AppConfig } from "./config.ts";
import type { AppContext } from "./context.ts";
import { WorkerProver } from "./prover/worker-prover.ts";
import { assessScreen } from "./screens/assess.ts";
import { backupScreen } from "./screens/backup.ts";
import { claimScreen } from "./screens/claim.ts";
import { claimDetailScreen, claimsScreen } from "./screens/claims.ts";
import { homeScreen } from "./screens/home.ts";
import { joinScreen } from "./screens/join.ts";
import { welcomeScreen } from "./screens/welcome.ts";
import type { Records } from "./storage/records.ts";
import { describeError, setMoneyFormat } from "./ui/describe-error.ts";
import { button, format, h } from "./ui/dom.ts";

/** The screens behind the wallet's lock, by route. */
const ROUTES: Record<string, (context: AppContext, argument: string) => HTMLElement | Promise<HTMLElement>> = {
  home: homeScreen,
  join: joinScreen,
  claim: claimScreen,
  claims: (context, id) => (id ? claimDetailScreen(context, id) : claimsScreen(context)),
  backup: backupScreen,
  assess: assessScreen,
};

/** The app: a hash router over the screens, the wallet's lock, and the services every screen shares. */
export function startApp(root: HTMLElement, config: AppConfig, records: Records): AppContext {
  setMoneyFormat((baseUnits) => format(baseUnits, config.token.decimals, config.token.symbol));
  let chain: Promise<Provider> | undefined;
  const context: AppContext = {
    config,
    records,
    prover: new WorkerProver(),
    store: new HttpEvidenceStore(config.evidenceNode, config.evidenceToken ? { token: config.evidenceToken } : {}),
    session: undefined,
    chain() {
      chain ??= readChain(config).then((c) => c.provider);
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
    "Lock",
    () => {
      context.session = undefined;
      context.navigate("#/");
    },
    { kind: "secondary" },
  );
  const header = h("header", {}, h("a", { href: "#main", class: "skip" }, "Skip to content"), h("span", { class: "brand" }, "Mutua"), lock);
  const main = h("main", { id: "main" });
  root.replaceChildren(header, main);

  let rendering = 0;
  async function render(): Promise<void> {
    const ticket = ++rendering;
    const [name = "", argument = ""] = location.hash.replace(/^#\/?/, "").split("/");
    lock.hidden = context.session === undefined;
    let view: HTMLElement;
    try {
      const route = ROUTES[name];
      view =
        context.session && route
          ? await route(context, decodeURIComponent(argument))
          : context.session
            ? await homeScreen(context)
            : await welcomeScreen(context);
    } catch (error) {
      const { code, sentence } = describeError(error);
      view = h(
        "section",
        { class: "screen" },
        h("h1", { tabindex: "-1" }, "Something went wrong"),
        h("p", { role: "alert" }, sentence, h("small", { class: "code" }, ` (${code})`)),
        h("a", { href: "#/home" }, "Back to your wallet"),
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
