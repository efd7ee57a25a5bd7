// A backup cut into QR codes comes back whole from the codes' text in any order; a stray or foreign code is
// refused in words, and an incomplete set says how many are missing. (The browser test restores from photos.)
import { describe, expect, it } from "vitest";
import { BackupAssembler, backupParts } from "../src/backup-qr.ts";

const backup = JSON.stringify({ format: "mutua-sealed/1", ciphertext: "x".repeat(2_500) });

describe("backup QR codes", () => {
  it("splits into parts that name their place, and reassembles in any order", () => {
    const parts = backupParts(backup);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts[0]).toMatch(/^mutua-backup 1\/\d+ /);
    const assembler = new BackupAssembler();
    for (const part of [...parts].reverse()) assembler.add(part);
    expect(assembler.complete).toBe(backup);
  });

  it("is incomplete until every part is in, and refuses foreign and mixed codes", () => {
    const parts = backupParts(backup);
    const assembler = new BackupAssembler();
    expect(assembler.add(parts[0] as string)).toEqual({ have: 1, count: parts.length });
    expect(assembler.complete).toBeUndefined();
    expect(() => assembler.add("https://example.com/not-a-backup")).toThrow(expect.objectContaining({ code: "NOT_A_BACKUP_QR" }));
    const other = backupParts(`${backup}${"y".repeat(1_000)}`);
    expect(() => assembler.add(other[1] as string)).toThrow(expect.objectContaining({ code: "MIXED_BACKUPS" }));
  });
});
