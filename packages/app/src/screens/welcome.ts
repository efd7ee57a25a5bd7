import type { AppContext } from "../context.ts";
import { t } from "../i18n/translate.ts";
import type { Session } from "../session.ts";
import { MIN_PASSPHRASE, walletExists } from "../storage/wallet-records.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { describeError } from "../ui/describe-error.ts";
import { button, field, h, screen } from "../ui/dom.ts";

function passphraseInput(autocomplete: "new-password" | "current-password"): HTMLInputElement {
  return h("input", { type: "password", autocomplete, minlength: MIN_PASSPHRASE, required: true });
}

/** The first screen: unlock the wallet this browser holds, or create one, or restore a backup. */
export async function welcomeScreen(context: AppContext): Promise<HTMLElement> {
  const exists = await walletExists(context.records);
  // The wallet's code (Veramo, the SDK) loads on the first action, not with the first screen.
  const sessions = () => import("../session.ts").then((module) => module.Session);
  // The mutual's join link (#/join) leads to joining once the wallet is open; anything else to the wallet's home.
  const wanted = location.hash === "#/join" ? "#/join" : "#/home";
  const opened = (session: Session) => {
    context.session = session;
    context.navigate(wanted);
  };
  if (exists) {
    const passphrase = passphraseInput("current-password");
    return screen(
      t("Unlock your wallet"),
      h(
        "p",
        {},
        t("Your wallet for {mutual} is kept in this browser, encrypted under your passphrase.", { mutual: context.config.deployment.name }),
      ),
      actionForm({
        name: t("Unlock"),
        fields: [field(t("Passphrase"), passphrase)],
        submit: t("Unlock"),
        run: async (status) => {
          status(t("Opening your wallet…"));
          opened(await (await sessions()).unlock(context.records, passphrase.value));
        },
      }),
      h(
        "details",
        {},
        h("summary", {}, t("Use another wallet")),
        h("p", {}, t("Deleting removes the wallet from this browser. Without a backup, its memberships and claims are lost.")),
        actionForm({
          name: t("Delete this wallet"),
          fields: [field(t("Type DELETE to confirm"), h("input", { type: "text", autocomplete: "off", id: "confirm-delete" }))],
          submit: t("Delete this wallet"),
          run: async () => {
            if ((document.getElementById("confirm-delete") as HTMLInputElement).value !== "DELETE") {
              throw new AppError("NOT_CONFIRMED", t("Type DELETE (in capitals) to confirm."));
            }
            await (await sessions()).forget(context.records);
            context.navigate("#/");
          },
        }),
      ),
    );
  }
  const passphrase = passphraseInput("new-password");
  const repeat = passphraseInput("new-password");
  return screen(
    t("Join {mutual}", { mutual: context.config.deployment.name }),
    h(
      "p",
      {},
      t("Your wallet is made in this browser: your identity and its secret never leave it unencrypted. Choose a passphrase to protect it."),
    ),
    actionForm({
      name: t("Create a wallet"),
      fields: [
        field(t("New passphrase"), passphrase, t("At least {count} characters. Nobody can recover it for you.", { count: MIN_PASSPHRASE })),
        field(t("Repeat the passphrase"), repeat),
      ],
      submit: t("Create my wallet"),
      run: async (status) => {
        if (passphrase.value !== repeat.value)
          throw new AppError("PASSPHRASES_DIFFER", t("The two passphrases differ: type the same one twice."));
        status(t("Creating your wallet…"));
        const { chainId, mutual } = context.config.deployment;
        opened(await (await sessions()).create(context.records, passphrase.value, { chainId, contract: mutual }));
      },
    }),
    restoreSection(context, opened, sessions),
  );
}

function restoreSection(context: AppContext, opened: (session: Session) => void, sessions: () => Promise<typeof Session>): HTMLElement {
  const file = h("input", { type: "file", accept: ".json,application/json,text/plain" });
  const qr = h("input", { type: "file", accept: "image/*", multiple: true });
  const passphrase = passphraseInput("current-password");
  // Or the codes held up to the camera, one after another (the parts shown on the old phone's backup screen).
  const video = h("video", { muted: true, playsinline: true, class: "camera", hidden: true, "aria-label": t("The camera's view") });
  const scanStatus = h("p", { class: "status", role: "status", "aria-live": "polite" });
  let scanned: string | undefined;
  let scanning: AbortController | undefined;
  const scanLabel = () => (scanning ? t("Stop the camera") : t("Scan the codes with the camera"));
  const scan: HTMLButtonElement = button(
    scanLabel(),
    async () => {
      if (scanning) return scanning.abort();
      scanning = new AbortController();
      scan.textContent = scanLabel();
      video.hidden = false;
      scanStatus.textContent = t("Hold each code up to the camera, in any order.");
      try {
        const { scanBackupWithCamera } = await import("../camera-scan.ts");
        const progress = ({ have, count }: { have: number; count: number }) => {
          scanStatus.textContent = t("Scanned {have} of {count} parts.", { have, count });
        };
        scanned = await scanBackupWithCamera(video, progress, scanning.signal);
        scanStatus.textContent = t("Every part is scanned: enter the backup's passphrase and restore.");
      } catch (error) {
        scanStatus.textContent = describeError(error).sentence;
      } finally {
        scanning = undefined;
        video.hidden = true;
        scan.textContent = scanLabel();
      }
    },
    { kind: "secondary" },
  );
  return h(
    "section",
    { "aria-labelledby": "restore-title" },
    h("h2", { id: "restore-title" }, t("Restore a backup")),
    actionForm({
      name: t("Restore a backup"),
      fields: [
        field(t("Backup file"), file, t("The file you saved from this app (the SDK wallet's backup format).")),
        field(t("Or photos of its QR codes"), qr, t("Every part, in any order.")),
        h("div", { class: "camera-scan" }, scan, video, scanStatus),
        field(t("The backup's passphrase"), passphrase),
      ],
      submit: t("Restore"),
      run: async (status) => {
        let backup = scanned;
        const chosen = file.files?.[0];
        if (!backup && chosen) backup = await chosen.text();
        else if (!backup && qr.files && qr.files.length > 0) {
          const { BackupAssembler, readQrImage } = await import("../backup-qr.ts");
          const assembler = new BackupAssembler();
          let progress = { have: 0, count: 0 };
          for (const image of Array.from(qr.files)) progress = assembler.add(await readQrImage(image));
          backup = assembler.complete;
          if (!backup)
            throw new AppError(
              "BACKUP_INCOMPLETE",
              t("Only {have} of the {count} QR codes were given: add the others.", { have: progress.have, count: progress.count }),
            );
        }
        if (!backup) throw new AppError("NO_BACKUP", t("Choose a backup file, photos of its QR codes, or scan them with the camera."));
        status(t("Restoring your wallet…"));
        opened(await (await sessions()).restore(context.records, backup, passphrase.value));
      },
    }),
  );
}
