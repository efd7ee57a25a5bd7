import { backupParts, qrDataUrl } from "../backup-qr.ts";
import type { AppContext } from "../context.ts";
import { requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { h, screen } from "../ui/dom.ts";

/** Backups: a file (the SDK wallet's own format) or a series of QR codes, both sealed under the passphrase. */
export function backupScreen(context: AppContext): HTMLElement {
  const session = requireSession(context);
  const codes = h("div", { class: "qr-codes" });
  const { current, holds } = session.wallet.backupStatus();
  const state = h(
    "p",
    { class: current ? "backup-state" : "backup-state notice", role: "status" },
    current
      ? "Your last backup is up to date: it restores this wallet as it is now."
      : "Your wallet changed since your last backup (or you have none): make a new one below and keep it instead of the old one.",
  );
  return screen(
    "Back up your wallet",
    h(
      "p",
      {},
      `A backup holds, encrypted under your passphrase: your identity, your secret for ${holds.mutuals === 1 ? "this mutual" : `${holds.mutuals} mutuals`} (what your claims and votes are proven with) and ${holds.credentials === 1 ? "your membership credential" : `${holds.credentials} membership credentials`}. Keep it somewhere other than this phone: without it, a lost phone means a lost membership.`,
    ),
    state,
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
        markCurrent(state);
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
        markCurrent(state);
        status(`Photograph all ${parts.length} codes with another device; restore reads them in any order.`);
      },
    }),
  );
}

function markCurrent(state: HTMLElement): void {
  state.className = "backup-state";
  state.textContent = "Your last backup is up to date: it restores this wallet as it is now.";
}
