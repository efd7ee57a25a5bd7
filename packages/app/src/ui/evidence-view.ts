import type { OpenedEvidence } from "@mutua/sdk/browser";
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
      const caption = h("figcaption", {}, `${file.name} (${Math.ceil(file.size / 1024)} KB)`);
      let content: HTMLElement;
      if (file.mediaType.startsWith("image/")) content = h("img", { src: url, alt: `Evidence photo ${file.name}`, loading: "lazy" });
      else if (file.mediaType === "application/pdf")
        content = h(
          "div",
          {},
          h("iframe", { src: url, title: `Evidence document ${file.name}`, class: "pdf" }),
          h("a", { href: url, target: "_blank", rel: "noopener" }, `Open ${file.name}`),
        );
      else content = h("a", { href: url, download: file.name }, `Download ${file.name}`);
      return h("figure", { class: "evidence-file" }, content, caption);
    }),
  );
  return h("div", { class: "evidence", "aria-label": "Evidence" }, ...items);
}
