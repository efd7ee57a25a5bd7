import "./buffer-global.ts";
import "./styles.css";
import { startApp } from "./app.ts";
import { loadConfig } from "./config.ts";
import { Records } from "./storage/records.ts";
import { describeError } from "./ui/describe-error.ts";
import { h } from "./ui/dom.ts";

const root = document.getElementById("app") as HTMLElement;

// The service worker keeps the app and the circuits for offline use; it is an enhancement, never a requirement.
// Registered once the page has loaded: its install downloads the whole app and the circuits (~10 MB), which on a
// slow link must not compete with the first screen.
if ("serviceWorker" in navigator) {
  const register = () =>
    navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch((error) => console.warn("mutua: no offline support", error));
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}

try {
  const [config, records] = await Promise.all([loadConfig(), Records.open()]);
  (globalThis as { mutua?: unknown }).mutua = startApp(root, config, records);
} catch (error) {
  const { code, sentence } = describeError(error);
  root.replaceChildren(
    h(
      "section",
      { class: "screen" },
      h("h1", {}, "Mutua cannot start"),
      h("p", { role: "alert" }, sentence, h("small", { class: "code" }, ` (${code})`)),
    ),
  );
}
