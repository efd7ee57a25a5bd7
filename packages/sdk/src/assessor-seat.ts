import { MutuaError } from "@mutua/core";

/**
 * An assessor's seat as governance appoints it: the leaf their ballots prove (Assessor.seatLeaf, made from their
 * identity secret) and the key they read evidence with (their DID). Claimants seal evidence to the readers of the
 * current seats, read from the chain: a member never types an assessor's key.
 */
export interface AssessorSeat {
  leaf: bigint;
  /** The assessor's DID; "" when the seat reads nothing (claims cannot be sealed to it). */
  reader: string;
}

/** A seat given as a bare leaf has no reader. */
export function toAssessorSeat(seat: bigint | AssessorSeat): AssessorSeat {
  return typeof seat === "bigint" ? { leaf: seat, reader: "" } : seat;
}

/**
 * The text form `mutua assessor init` prints and `governance propose --add-seat` takes: `<leaf>:<did>` (or a bare
 * leaf, which reads nothing). A DID has colons of its own: the leaf ends at the first one.
 */
export function seatText(seat: AssessorSeat): string {
  return seat.reader ? `${seat.leaf}:${seat.reader}` : seat.leaf.toString();
}

/** Reads an assessor seat from the text `seatText` wrote; throws when it is not one. */
export function parseSeatText(text: string): AssessorSeat {
  const colon = text.indexOf(":");
  const leafText = colon < 0 ? text : text.slice(0, colon);
  const reader = colon < 0 ? "" : text.slice(colon + 1);
  if (!/^[1-9][0-9]{0,77}$/.test(leafText)) {
    throw new MutuaError("NOT_A_SEAT", `"${text}" is not a seat: a seat is what \`mutua assessor init\` prints, <number>:<did>`);
  }
  if (reader && !/^did:[a-z0-9]+:\S+$/.test(reader)) {
    throw new MutuaError("NOT_A_SEAT", `"${reader}" in seat "${text}" is not a DID (did:method:…)`);
  }
  return { leaf: BigInt(leafText), reader };
}
