import { InvalidArgumentError } from "@mutua/core";
import type { ContractTransactionReceipt } from "ethers/contract";
import { Contract } from "ethers/contract";
import type { ContractRunner } from "ethers/providers";
import { decodeRevert } from "./errors.ts";
import { MutuaIncidentNotesArtifact } from "./generated/artifacts.ts";
import { sendAndWait } from "./send.ts";

/** An incident in words: where (an ISO 3166-2 code, or "") and what happened ("" when the opener wrote nothing). */
export interface IncidentNote {
  region: string;
  description: string;
}

/** The contract's limits, checked before anything is sent (an incident opened whose note is then refused is half done). */
export const MAX_REGION_BYTES = 16;
export const MAX_DESCRIPTION_BYTES = 280;

/** Throws INVALID_ARGUMENT, naming the field, for a note the contract would refuse. */
export function checkIncidentNote(note: IncidentNote): void {
  if (!/^[A-Z0-9-]{0,16}$/.test(note.region)) {
    throw new InvalidArgumentError("region", `"${note.region}" is not a region code: use ISO 3166-2 like KE-13, or a country code like KE`);
  }
  const bytes = new TextEncoder().encode(note.description).length;
  if (bytes === 0 || bytes > MAX_DESCRIPTION_BYTES) {
    throw new InvalidArgumentError("description", `describe the incident in 1 to ${MAX_DESCRIPTION_BYTES} bytes (this is ${bytes})`);
  }
}

/** The incident notes (MutuaIncidentNotes): each incident's region and description, written once by its opener. */
export class IncidentNotesClient {
  readonly address: string;
  readonly contract: Contract;

  constructor(address: string, runner: ContractRunner) {
    this.address = address;
    this.contract = new Contract(address, MutuaIncidentNotesArtifact.abi, runner);
  }

  /** The same contract, through another signer or provider. */
  connect(runner: ContractRunner): IncidentNotesClient {
    return new IncidentNotesClient(this.address, runner);
  }

  /** Records the public note of an incident (what happened, where, when): checked before it is sent. */
  async describe(incidentId: bigint, note: IncidentNote): Promise<ContractTransactionReceipt> {
    checkIncidentNote(note);
    return sendAndWait(this.contract, [MutuaIncidentNotesArtifact.abi], "describe", incidentId, note.region, note.description);
  }

  /** The note recorded for an incident. */
  async noteOf(incidentId: bigint): Promise<IncidentNote> {
    try {
      const [region, description] = (await this.contract.getFunction("noteOf")(incidentId)) as [string, string];
      return { region, description };
    } catch (error) {
      decodeRevert(error, [MutuaIncidentNotesArtifact.abi]);
    }
  }
}
