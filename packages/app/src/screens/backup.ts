import { backupParts, qrDataUrl } from "../backup-qr.ts";
import type { AppContext } from "../context.ts";
import { requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { h, screen } from "../ui/dom.ts";

/** Backups: a file (the SDK wallet's own format) or a series of QR codes, both sealed under the passphrase. */
export function backupScreen(context: AppContext): HTMLElement {
  const session = requireSession(context);
  const codes = h("div", { class: "qr-codes" });
  return screen(
    "Back up your wallet",
    h(
      "p",
      {},
      "A backup holds your identity, your credentials and your secret, encrypted under your passphrase. Keep it somewhere other than this phone: without it, a lost phone means a lost membership.",
    ),
    actionForm({
      name: "Download a backup file",
      fields: [],
      submit: "Download a backup file",
      run: async (status) => {
        status("Sealing your backup…");
        const backup = await session.exportBackup();
        const link = h("a", {
          href: URL.createObjectURL(new Blob([backup], { type: "application/json" })),
          download: "mutua-wallet-backup.json",
        });
        document.body.append(link);
        link.click();
        link.remove();
        status("Saved as mutua-wallet-backup.json. It opens with your passphrase.");
      },
    }),
    actionForm({
      name: "Show the backup as QR codes",
      fields: [codes],
      submit: "Show as QR codes",
      run: async (status) => {
        status("Sealing your backup…");
        const parts = backupParts(await session.exportBackup());
        const images = await Promise.all(parts.map(qrDataUrl));
        codes.replaceChildren(
          ...images.map((src, i) =>
            h(
              "figure",
              { class: "qr" },
              h("img", { src, alt: `Backup QR code, part ${i + 1} of ${parts.length}`, width: 360, height: 360 }),
              h("figcaption", {}, `Part ${i + 1} of ${parts.length}`),
            ),
          ),
        );
        status(`Photograph all ${parts.length} codes with another device; restore reads them in any order.`);
      },
    }),
  );
}
