import { formatAmount, formatDay, formatMoment } from "../i18n/translate.ts";

/** A tiny DOM builder: the app is a few screens of forms; a framework would be most of its bundle. */
type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

let fieldCount = 0;

/** A labelled input (the label names it for screen readers and tests); `hint` is read out with it. */
export function field(label: string, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, hint?: string): HTMLElement {
  const id = control.id || `field-${++fieldCount}`;
  control.id = id;
  const hintElement = hint ? h("small", { id: `${id}-hint`, class: "hint" }, hint) : undefined;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintElement);
}

export function button(
  label: string,
  onClick: () => void | Promise<void>,
  options: { kind?: "primary" | "secondary"; type?: "button" | "submit" } = {},
): HTMLButtonElement {
  return h("button", { type: options.type ?? "button", class: options.kind ?? "primary", onclick: () => void onClick() }, label);
}

/** A screen: a heading that takes focus (screen readers and keyboard users start there) and its content. */
export function screen(title: string, ...children: Child[]): HTMLElement {
  const heading = h("h1", { tabindex: "-1" }, title);
  return h("section", { class: "screen", "aria-labelledby": "screen-title" }, Object.assign(heading, { id: "screen-title" }), ...children);
}

/** An amount of the token, from base units, in the app's language (see i18n/translate.ts). */
export const format = formatAmount;
/** A day in the app's language. */
export const date = formatDay;
/** A moment to the minute, in the phone's own time zone and the app's language. */
export const moment = formatMoment;
