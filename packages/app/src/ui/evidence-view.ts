import type { OpenedEvidence } from "@mutua/sdk/browser";
import { formatNumber, t } from "../i18n/translate.ts";
import { h } from "./dom.ts";

/**
 * Decrypted evidence shown in the page: photos as images, PDFs in the browser's own viewer, anything else as a
 * download. The bytes exist only in this page's memory (blob: URLs), never in a cache or on a server.
 */
export async function evidenceView(evidence: OpenedEvidence): Promise<HTMLElement> {
  const items = await Promise.all(
    evidence.files.map(async (file) => {
      const bytes = await file.bytes(); // checked against the manifest's size and SHA-256
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: file.mediaType }));
      const caption = h("figcaption", {}, t("{file} ({size} KB)", { file: file.name, size: formatNumber(Math.ceil(file.size / 1024)) }));
      let content: HTMLElement;
      if (file.mediaType.startsWith("image/"))
        content = h("img", { src: url, alt: t("Evidence photo {file}", { file: file.name }), loading: "lazy" });
      else if (file.mediaType === "application/pdf")
        content = h(
          "div",
          {},
          h("iframe", { src: url, title: t("Evidence document {file}", { file: file.name }), class: "pdf" }),
          h("a", { href: url, target: "_blank", rel: "noopener" }, t("Open {file}", { file: file.name })),
        );
      else content = h("a", { href: url, download: file.name }, t("Download {file}", { file: file.name }));
      return h("figure", { class: "evidence-file" }, content, caption);
    }),
  );
  return h("div", { class: "evidence", "aria-label": t("Evidence") }, ...items);
}
