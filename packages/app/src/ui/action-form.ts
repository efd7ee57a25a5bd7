import { describeError } from "./describe-error.ts";
import { h } from "./dom.ts";

/**
 * A form whose submit runs one action: the button is disabled while it runs, progress is announced in a status
 * region, and a failure is shown as a sentence in an alert region. Nothing is re-rendered on failure, so
 * nothing the member typed or chose is lost.
 */
export function actionForm(options: {
  name: string;
  fields: (HTMLElement | false | undefined)[];
  submit: string;
  run: (status: (text: string) => void) => Promise<void>;
}): HTMLFormElement {
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  const alert = h("div", { class: "alert", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary" }, options.submit);
  const form = h("form", { "aria-label": options.name, novalidate: true }, ...options.fields, submit, status, alert);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    alert.hidden = true;
    alert.textContent = "";
    try {
      await options.run((text) => {
        status.textContent = text;
      });
    } catch (error) {
      const { code, sentence } = describeError(error);
      status.textContent = "";
      alert.hidden = false;
      alert.replaceChildren(h("strong", {}, sentence), h("small", { class: "code" }, ` (${code})`));
      alert.focus?.();
      console.warn("mutua:", code, error);
    } finally {
      submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
  return form;
}
