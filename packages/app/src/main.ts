import "./buffer-global.ts";
import "./styles.css";
import { startApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { startLocale, t } from "./i18n/translate.ts";
import { Records } from "./storage/records.ts";
import { describeError } from "./ui/describe-error.ts";
import { h } from "./ui/dom.ts";

const root = document.getElementById("app") as HTMLElement;

// The service worker keeps the app and the circuits for offline use; it is an enhancement, never a requirement.
// Registered once the page has loaded: its install downloads the whole app and the circuits (~10 MB), which on a
// slow link must not compete with the first screen.
if ("serviceWorker" in navigator) {
  // An update the worker refused (not signed by the mutual's release key, a file that does not match, an older
  // release): the member keeps the version they had, and is told, in their language, above every screen.
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent<{ type?: string; reason?: string }>) => {
    if (event.data?.type !== "mutua-update-refused") return;
    const notice =
      document.getElementById("update-refused") ??
      document.body.insertBefore(h("p", { id: "update-refused", class: "notice", role: "alert" }), root);
    notice.textContent = t("An update of this app was refused ({reason}). You keep the version you had: tell your mutual.", {
      reason: event.data.reason ?? "",
    });
  });
  const register = () =>
    navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch((error) => console.warn("mutua: no offline support", error));
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}

try {
  // The language first (its catalog is a few kilobytes), so that even a failure to start is said in it.
  await startLocale().catch((error: unknown) => console.warn("mutua: messages stay in English", error));
  const [config, records] = await Promise.all([loadConfig(), Records.open()]);
  (globalThis as { mutua?: unknown }).mutua = startApp(root, config, records);
} catch (error) {
  const { code, sentence } = describeError(error);
  root.replaceChildren(
    h(
      "section",
      { class: "screen" },
      h("h1", {}, t("Mutua cannot start")),
      h("p", { role: "alert" }, sentence, h("small", { class: "code" }, ` (${code})`)),
    ),
  );
}
