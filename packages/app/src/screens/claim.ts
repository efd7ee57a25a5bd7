import type { ClaimStep, EvidenceFile } from "@mutua/sdk/browser";
import { parseUnits } from "ethers";
import type { AppContext } from "../context.ts";
import { formatNumber, t } from "../i18n/translate.ts";
import type { ProofStage } from "../prover/worker-prover.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { date, field, h, screen } from "../ui/dom.ts";

/** Per file and per claim: a phone holds the sealed copy in memory while it uploads. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CLAIM_BYTES = 50 * 1024 * 1024;

/** The steps of filing, in the order they run, each in the app's language (asked when a claim screen is drawn). */
const steps = (): { step: ClaimStep; label: string }[] => [
  { step: "sync-members", label: t("Reading the member list") },
  { step: "seal-evidence", label: t("Encrypting and storing your evidence") },
  { step: "prove", label: t("Proving you are covered, without saying who you are") },
  { step: "submit", label: t("Sending the claim through the relayer") },
];
const megabytes = (bytes: number) => formatNumber(Math.round((bytes / 1048576) * 10) / 10);
const seconds = (ms: number) => formatNumber(Math.round(ms / 100) / 10);

function checkFiles(files: File[]): void {
  if (files.length === 0) throw new AppError("NO_EVIDENCE", t("Add at least one photo or document as evidence."));
  const large = files.find((f) => f.size > MAX_FILE_BYTES);
  if (large) {
    throw new AppError(
      "EVIDENCE_TOO_LARGE",
      t("“{file}” is {size} MB; each file may be at most {limit} MB. Choose a smaller photo or scan.", {
        file: large.name,
        size: megabytes(large.size),
        limit: megabytes(MAX_FILE_BYTES),
      }),
    );
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_CLAIM_BYTES)
    throw new AppError(
      "EVIDENCE_TOO_LARGE",
      t("The files add up to {size} MB; a claim may carry at most {limit} MB.", {
        size: megabytes(total),
        limit: megabytes(MAX_CLAIM_BYTES),
      }),
    );
}

function parseAmount(text: string, decimals: number): bigint {
  let amount: bigint;
  try {
    amount = parseUnits(text.trim(), decimals);
  } catch {
    throw new AppError("BAD_AMOUNT", t("“{text}” is not an amount: write it like 250 or 250.50.", { text }));
  }
  if (amount <= 0n) throw new AppError("BAD_AMOUNT", t("The amount must be more than 0."));
  return amount;
}

/** Filing a claim: evidence encrypted here, the proof made in a worker, the claim sent through the relayer. */
export function claimScreen(context: AppContext): HTMLElement {
  const session = requireSession(context);
  const { token } = context.config;
  // Open incidents, read from the chain: a member picks one by what and when, never types a number.
  const STEPS = steps();
  const incident = h("select", { required: true }, h("option", { value: "" }, t("Loading the open incidents…")));
  void listIncidents(context, incident);
  const amount = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", required: true });
  const recipient = h("input", { type: "text", autocomplete: "off", spellcheck: "false", required: true, placeholder: "0x…" });
  const camera = h("input", { type: "file", accept: "image/*", capture: "environment" });
  const chosen = h("input", { type: "file", accept: "image/*,application/pdf", multiple: true });
  const fileList = h("ul", { class: "files", "aria-label": t("Evidence to send") });
  const files = () => [...Array.from(camera.files ?? []), ...Array.from(chosen.files ?? [])];
  const listFiles = () =>
    fileList.replaceChildren(
      ...files().map((f) => h("li", {}, t("{file} ({size} KB)", { file: f.name, size: formatNumber(Math.ceil(f.size / 1024)) }))),
    );
  camera.addEventListener("change", listFiles);
  chosen.addEventListener("change", listFiles);

  const progress = h("progress", { max: STEPS.length, value: 0, "aria-label": t("Claim progress") });
  const stepList = h("ol", { class: "steps" }, ...STEPS.map((s) => h("li", { "data-step": s.step }, s.label)));
  const progressBox = h("div", { class: "progress", hidden: true }, progress, stepList);
  const mark = (step: ClaimStep, state: string, detail = "") => {
    const item = stepList.querySelector<HTMLElement>(`[data-step="${step}"]`);
    if (!item) return;
    item.dataset.state = state;
    item.textContent = `${STEPS.find((s) => s.step === step)?.label}${detail ? ` — ${detail}` : ""}`;
  };

  return screen(
    t("File a claim"),
    h(
      "p",
      {},
      t(
        "Your evidence is encrypted in this browser to you and the mutual's assessors. The claim proves you are covered without naming you.",
      ),
    ),
    actionForm({
      name: t("File a claim"),
      fields: [
        field(t("Incident"), incident, t("The event your loss belongs to: when it happened and until when claims are taken.")),
        field(t("Amount ({symbol})", { symbol: token.symbol }), amount),
        field(
          t("Payout address"),
          recipient,
          t("Where the payout goes. Use an address that never paid premiums, or the claim can be linked to you."),
        ),
        field(t("Take a photo"), camera),
        field(t("Add photos or documents"), chosen, t("Up to {limit} MB each.", { limit: megabytes(MAX_FILE_BYTES) })),
        fileList,
        progressBox,
      ],
      submit: t("File the claim"),
      run: async (status) => {
        // Every input is checked before anything is encrypted, stored or proven.
        if (!/^\d+$/.test(incident.value)) throw new AppError("BAD_INCIDENT", t("Choose the incident your loss belongs to."));
        const value = parseAmount(amount.value, token.decimals);
        if (!/^0x[0-9a-fA-F]{40}$/.test(recipient.value.trim())) {
          throw new AppError("BAD_ADDRESS", t("The payout address must be 0x followed by 40 hexadecimal characters."));
        }
        const picked = files();
        checkFiles(picked);
        const evidence: EvidenceFile[] = await Promise.all(
          picked.map(async (f) => ({
            name: f.name,
            mediaType: f.type || "application/octet-stream",
            content: new Uint8Array(await f.arrayBuffer()),
          })),
        );

        progressBox.hidden = false;
        progress.value = 0;
        for (const s of STEPS) mark(s.step, "waiting");
        let proofStarted = 0;
        const timer = setInterval(() => {
          if (proofStarted) mark("prove", "running", t("proving… {seconds} s", { seconds: seconds(performance.now() - proofStarted) }));
        }, 200);
        const onProof = (stage: ProofStage) => {
          if (stage === "loading") mark("prove", "running", t("loading the circuit (first time only)…"));
          if (stage === "proving") proofStarted = performance.now();
        };
        try {
          const member = await memberOf(context, { onProof });
          const result = await member.fileClaim({
            incidentId: BigInt(incident.value),
            amount: value,
            recipient: recipient.value.trim(),
            files: evidence,
            confirm: (warning) => window.confirm(`${warning.message}.\n\n${t("File the claim anyway?")}`),
            onProgress: (event) => {
              if (event.status === "start") {
                status(STEPS.find((s) => s.step === event.step)?.label ?? event.step);
                mark(event.step, "running", event.step === "prove" ? t("starting…") : "");
              } else {
                if (event.step === "prove") proofStarted = 0;
                progress.value = STEPS.findIndex((s) => s.step === event.step) + 1;
                mark(event.step, "done", t("done in {seconds} s", { seconds: seconds(event.ms ?? 0) }));
              }
            },
          });
          await session.noteClaim({
            incidentId: result.incidentId.toString(),
            incident: incident.selectedOptions[0]?.dataset.name ?? "",
            nullifier: result.nullifier.toString(),
            claimId: result.claimId,
            evidenceCid: result.evidenceCid.toString(),
            amount: value.toString(),
            recipient: recipient.value.trim(),
            filedAt: new Date().toISOString(),
          });
          status(t("Your claim is filed."));
          context.navigate(`#/claims/${result.claimId}`);
        } finally {
          clearInterval(timer);
        }
      },
    }),
  );
}

/** Fills the incident list with the incidents that take claims now, newest first: what happened, where, when. */
async function listIncidents(context: AppContext, select: HTMLSelectElement): Promise<void> {
  try {
    const member = await memberOf(context, {});
    const open = (await member.openIncidents()).reverse();
    select.replaceChildren(
      h("option", { value: "" }, open.length === 0 ? t("No incident takes claims now") : t("Choose the incident")),
      ...open.map((i) => {
        const name = i.note.description || t("Incident {id}", { id: i.incidentId.toString() });
        // Short enough for a phone's select: the cap per claim is checked, in words, when the claim is filed.
        return h(
          "option",
          { value: i.incidentId.toString(), "data-name": name },
          i.note.region
            ? t("{name} ({region}): loss {loss}, claims until {close}", {
                name,
                region: i.note.region,
                loss: date(i.occurredAt),
                close: date(i.claimsCloseAt),
              })
            : t("{name}: loss {loss}, claims until {close}", { name, loss: date(i.occurredAt), close: date(i.claimsCloseAt) }),
        );
      }),
    );
  } catch {
    select.replaceChildren(h("option", { value: "" }, t("The open incidents could not be read: check your connection")));
  }
}
