import { backupParts, qrDataUrl } from "../backup-qr.ts";
import type { AppContext } from "../context.ts";
import { t } from "../i18n/translate.ts";
import { requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { h, screen } from "../ui/dom.ts";

const UP_TO_DATE = () => t("Your last backup is up to date: it restores this wallet as it is now.");

/** Backups: a file (the SDK wallet's own format) or a series of QR codes, both sealed under the passphrase. */
export function backupScreen(context: AppContext): HTMLElement {
  const session = requireSession(context);
  const codes = h("div", { class: "qr-codes" });
  const { current, holds } = session.wallet.backupStatus();
  const state = h(
    "p",
    { class: current ? "backup-state" : "backup-state notice", role: "status" },
    current
      ? UP_TO_DATE()
      : t("Your wallet changed since your last backup (or you have none): make a new one below and keep it instead of the old one."),
  );
  return screen(
    t("Back up your wallet"),
    h(
      "p",
      {},
      t(
        "A backup holds, encrypted under your passphrase: your identity, your secret for {mutuals, plural, one {this mutual} other {# mutuals}} (what your claims and votes are proven with) and {credentials, plural, one {your membership credential} other {# membership credentials}}. Keep it somewhere other than this phone: without it, a lost phone means a lost membership.",
        { mutuals: holds.mutuals, credentials: holds.credentials },
      ),
    ),
    state,
    actionForm({
      name: t("Download a backup file"),
      fields: [],
      submit: t("Download a backup file"),
      run: async (status) => {
        status(t("Sealing your backup…"));
        const backup = await session.exportBackup();
        const link = h("a", {
          href: URL.createObjectURL(new Blob([backup], { type: "application/json" })),
          download: "mutua-wallet-backup.json",
        });
        document.body.append(link);
        link.click();
        link.remove();
        markCurrent(state);
        status(t("Saved as {file}. It opens with your passphrase.", { file: "mutua-wallet-backup.json" }));
      },
    }),
    actionForm({
      name: t("Show the backup as QR codes"),
      fields: [codes],
      submit: t("Show as QR codes"),
      run: async (status) => {
        status(t("Sealing your backup…"));
        const parts = backupParts(await session.exportBackup());
        const images = await Promise.all(parts.map(qrDataUrl));
        codes.replaceChildren(
          ...images.map((src, i) =>
            h(
              "figure",
              { class: "qr" },
              h("img", {
                src,
                alt: t("Backup QR code, part {part} of {count}", { part: i + 1, count: parts.length }),
                width: 360,
                height: 360,
              }),
              h("figcaption", {}, t("Part {part} of {count}", { part: i + 1, count: parts.length })),
            ),
          ),
        );
        markCurrent(state);
        status(t("Photograph all {count} codes with another device; restore reads them in any order.", { count: parts.length }));
      },
    }),
  );
}

function markCurrent(state: HTMLElement): void {
  state.className = "backup-state";
  state.textContent = UP_TO_DATE();
}
