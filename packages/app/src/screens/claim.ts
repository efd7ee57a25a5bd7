import type { ClaimStep, EvidenceFile } from "@mutua/sdk/browser";
import { parseUnits } from "ethers";
import type { AppContext } from "../context.ts";
import type { ProofStage } from "../prover/worker-prover.ts";
import { memberOf, requireSession } from "../roles.ts";
import { actionForm } from "../ui/action-form.ts";
import { AppError } from "../ui/app-error.ts";
import { date, field, h, screen } from "../ui/dom.ts";

/** Per file and per claim: a phone holds the sealed copy in memory while it uploads. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CLAIM_BYTES = 50 * 1024 * 1024;

const STEPS: { step: ClaimStep; label: string }[] = [
  { step: "sync-members", label: "Reading the member list" },
  { step: "seal-evidence", label: "Encrypting and storing your evidence" },
  { step: "prove", label: "Proving you are covered, without saying who you are" },
  { step: "submit", label: "Sending the claim through the relayer" },
];

function checkFiles(files: File[]): void {
  if (files.length === 0) throw new AppError("NO_EVIDENCE", "Add at least one photo or document as evidence.");
  const large = files.find((f) => f.size > MAX_FILE_BYTES);
  if (large) {
    throw new AppError(
      "EVIDENCE_TOO_LARGE",
      `"${large.name}" is ${(large.size / 1048576).toFixed(1)} MB; each file may be at most ${MAX_FILE_BYTES / 1048576} MB. Choose a smaller photo or scan.`,
    );
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_CLAIM_BYTES)
    throw new AppError(
      "EVIDENCE_TOO_LARGE",
      `The files add up to ${(total / 1048576).toFixed(1)} MB; a claim may carry at most ${MAX_CLAIM_BYTES / 1048576} MB.`,
    );
}

function parseAmount(text: string, decimals: number): bigint {
  let amount: bigint;
  try {
    amount = parseUnits(text.trim(), decimals);
  } catch {
    throw new AppError("BAD_AMOUNT", `"${text}" is not an amount: write it like 250 or 250.50.`);
  }
  if (amount <= 0n) throw new AppError("BAD_AMOUNT", "The amount must be more than 0.");
  return amount;
}

/** Filing a claim: evidence encrypted here, the proof made in a worker, the claim sent through the relayer. */
export function claimScreen(context: AppContext): HTMLElement {
  const session = requireSession(context);
  const { token } = context.config;
  // Open incidents, read from the chain: a member picks one by what and when, never types a number.
  const incident = h("select", { required: true }, h("option", { value: "" }, "Loading the open incidents…"));
  void listIncidents(context, incident);
  const amount = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", required: true });
  const recipient = h("input", { type: "text", autocomplete: "off", spellcheck: "false", required: true, placeholder: "0x…" });
  const camera = h("input", { type: "file", accept: "image/*", capture: "environment" });
  const chosen = h("input", { type: "file", accept: "image/*,application/pdf", multiple: true });
  const fileList = h("ul", { class: "files", "aria-label": "Evidence to send" });
  const files = () => [...Array.from(camera.files ?? []), ...Array.from(chosen.files ?? [])];
  const listFiles = () => fileList.replaceChildren(...files().map((f) => h("li", {}, `${f.name} (${Math.ceil(f.size / 1024)} KB)`)));
  camera.addEventListener("change", listFiles);
  chosen.addEventListener("change", listFiles);

  const progress = h("progress", { max: STEPS.length, value: 0, "aria-label": "Claim progress" });
  const stepList = h("ol", { class: "steps" }, ...STEPS.map((s) => h("li", { "data-step": s.step }, s.label)));
  const progressBox = h("div", { class: "progress", hidden: true }, progress, stepList);
  const mark = (step: ClaimStep, state: string, detail = "") => {
    const item = stepList.querySelector<HTMLElement>(`[data-step="${step}"]`);
    if (!item) return;
    item.dataset.state = state;
    item.textContent = `${STEPS.find((s) => s.step === step)?.label}${detail ? ` — ${detail}` : ""}`;
  };

  return screen(
    "File a claim",
    h(
      "p",
      {},
      "Your evidence is encrypted in this browser to you and the mutual's assessors. The claim proves you are covered without naming you.",
    ),
    actionForm({
      name: "File a claim",
      fields: [
        field("Incident", incident, "The event your loss belongs to: when it happened and until when claims are taken."),
        field(`Amount (${token.symbol})`, amount),
        field(
          "Payout address",
          recipient,
          "Where the payout goes. Use an address that never paid premiums, or the claim can be linked to you.",
        ),
        field("Take a photo", camera),
        field("Add photos or documents", chosen, `Up to ${MAX_FILE_BYTES / 1048576} MB each.`),
        fileList,
        progressBox,
      ],
      submit: "File the claim",
      run: async (status) => {
        // Every input is checked before anything is encrypted, stored or proven.
        if (!/^\d+$/.test(incident.value)) throw new AppError("BAD_INCIDENT", "Choose the incident your loss belongs to.");
        const value = parseAmount(amount.value, token.decimals);
        if (!/^0x[0-9a-fA-F]{40}$/.test(recipient.value.trim())) {
          throw new AppError("BAD_ADDRESS", "The payout address must be 0x followed by 40 hexadecimal characters.");
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
          if (proofStarted) mark("prove", "running", `proving… ${((performance.now() - proofStarted) / 1000).toFixed(1)} s`);
        }, 200);
        const onProof = (stage: ProofStage) => {
          if (stage === "loading") mark("prove", "running", "loading the circuit (first time only)…");
          if (stage === "proving") proofStarted = performance.now();
        };
        try {
          const member = await memberOf(context, { onProof });
          const result = await member.fileClaim({
            incidentId: BigInt(incident.value),
            amount: value,
            recipient: recipient.value.trim(),
            files: evidence,
            confirm: (warning) => window.confirm(`${warning.message}.\n\nFile the claim anyway?`),
            onProgress: (event) => {
              if (event.status === "start") {
                status(STEPS.find((s) => s.step === event.step)?.label ?? event.step);
                mark(event.step, "running", event.step === "prove" ? "starting…" : "");
              } else {
                if (event.step === "prove") proofStarted = 0;
                progress.value = STEPS.findIndex((s) => s.step === event.step) + 1;
                mark(event.step, "done", `done in ${((event.ms ?? 0) / 1000).toFixed(1)} s`);
              }
            },
          });
          await session.noteClaim({
            incidentId: result.incidentId.toString(),
            incident: incident.selectedOptions[0]?.textContent?.split(": loss")[0] ?? "",
            nullifier: result.nullifier.toString(),
            claimId: result.claimId,
            evidenceCid: result.evidenceCid.toString(),
            amount: value.toString(),
            recipient: recipient.value.trim(),
            filedAt: new Date().toISOString(),
          });
          status("Your claim is filed.");
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
      h("option", { value: "" }, open.length === 0 ? "No incident takes claims now" : "Choose the incident"),
      ...open.map((i) =>
        h(
          "option",
          { value: i.incidentId.toString() },
          // Short enough for a phone's select: the cap per claim is checked, in words, when the claim is filed.
          `${i.note.description || `Incident ${i.incidentId}`}${i.note.region ? ` (${i.note.region})` : ""}: loss ${date(i.occurredAt)}, claims until ${date(i.claimsCloseAt)}`,
        ),
      ),
    );
  } catch {
    select.replaceChildren(h("option", { value: "" }, "The open incidents could not be read: check your connection"));
  }
}
