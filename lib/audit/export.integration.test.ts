import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { appendAuditEvent, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import type { Actor } from "@/lib/core/roles";

import { buildEvidenceExport } from "./export";

// The export signs a checkpoint with the portal's key; give this test file one before the config loads.
vi.hoisted(async () => {
  const { generateKeyPairSync } = await import("node:crypto");
  process.env.AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
});

const auditor: Actor = { userId: "user_jordan", sessionId: "s", email: "jordan@lattice.example", name: "Jordan", roles: ["requester", "auditor"], mfa: false };
const requester: Actor = { ...auditor, userId: "user_dana", roles: ["requester"] };
const stamp: AuditStamp = { actor: { type: "USER", id: auditor.userId, label: auditor.email } };

function unpack(zip: Uint8Array): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lattice-export-"));
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    const file = path.join(dir, path.basename(name));
    writeFileSync(file, bytes);
  }
  return dir;
}

function runVerifier(dir: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(process.execPath, [path.join(dir, "verify.mjs"), dir], { encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe("evidence export", () => {
  beforeAll(async () => {
    for (let i = 1; i <= 12; i++) {
      await db.$transaction((tx) =>
        appendAuditEvent(tx, { actor: { type: "USER", id: i % 3 === 0 ? "user_tom" : "user_priya", label: "x@example.com" } }, {
          action: i % 3 === 0 ? "user.deactivate" : "user.signIn",
          target: { type: "user", id: `user_${i}` },
          account: i % 4 === 0 ? { id: "acct_000004", uin: "200000000004" } : undefined,
          payload: { before: { active: true }, after: { active: false }, quote: 'say "hi", then, go' },
        }),
      );
    }
  });

  it("refuses people who may not export", async () => {
    await expect(buildEvidenceExport(requester, stamp, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("exports the whole chain so that the bundled verifier accepts it, and records the export", async () => {
    const { filename, zip } = await buildEvidenceExport(auditor, stamp, {});
    expect(filename).toMatch(/^lattice-evidence-.*\.zip$/);
    const dir = unpack(zip);
    expect(readdirSync(dir).sort()).toEqual(["events.csv", "events.jsonl", "manifest.json", "verify.mjs"]);
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ matchingEvents: 12, lines: 12, firstSeq: 1, lastSeq: 12 });
    expect(manifest.checkpoints).toHaveLength(1);
    expect(runVerifier(dir)).toMatchObject({ ok: true, output: expect.stringContaining("OK: 12 events linked, 12 recomputed, 1 signed checkpoint") });
    const csv = readFileSync(path.join(dir, "events.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(13);
    // Commas and quotes inside values are quoted, so the payload stays one cell.
    expect(csv[1]).toMatch(/,"\{""after"":/);
    expect(await db.auditEvent.count({ where: { action: "audit.export" } })).toBe(1);
  });

  it("fails verification after any byte of the events changes", async () => {
    const dir = unpack((await buildEvidenceExport(auditor, stamp, {})).zip);
    const file = path.join(dir, "events.jsonl");
    const original = readFileSync(file, "utf8");
    const lines = original.trimEnd().split("\n");
    const forged = JSON.parse(lines[1]!);
    forged.canonical = forged.canonical.replace("user_2", "user_X");
    writeFileSync(file, [lines[0], JSON.stringify(forged), ...lines.slice(2)].join("\n"));
    expect(runVerifier(dir)).toMatchObject({ ok: false, output: expect.stringContaining("does not match its hash") });
    writeFileSync(file, [...lines.slice(0, 3), ...lines.slice(4)].join("\n"));
    expect(runVerifier(dir)).toMatchObject({ ok: false, output: expect.stringContaining("is missing") });
    writeFileSync(file, original);
    const manifestFile = path.join(dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    manifest.checkpoints[0].signature = Buffer.alloc(64).toString("base64");
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(runVerifier(dir)).toMatchObject({ ok: false, output: expect.stringContaining("bad signature") });
  });

  it("exports a filtered view: matching events in full, the chain between them as hashes only", async () => {
    const dir = unpack((await buildEvidenceExport(auditor, stamp, { account: "200000000004" })).zip);
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest.matchingEvents).toBe(3);
    const lines = readFileSync(path.join(dir, "events.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines[0].seq).toBe(4);
    expect(lines.filter((line) => line.canonical).map((line) => line.seq)).toEqual([4, 8, 12]);
    expect(lines.some((line) => line.redacted)).toBe(true);
    expect(runVerifier(dir).ok).toBe(true);
  });
});
