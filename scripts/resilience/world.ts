// The resilience suite's shared pieces: the case counts of a quick or full run, the one-line report per case, the
// world the cases act on (the demo matrix plus requests, grants and accounts in every state a decision needs), and
// the database checksum that proves "nothing written". Callers mock @/lib/core/auth with mockedAuth() first.
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { expect } from "vitest";
import { db } from "@/lib/core/db";
import type { AccessRequestFields } from "@/lib/access/schema";
import type { AccountRequestFields } from "@/lib/account-requests/schema";
import { getQueue } from "@/lib/core/queue";
import type { Actor, Role } from "@/lib/core/roles";
import { actingAs, actorFor } from "@/lib/core/testing/acting-as";
import { insertApprovedAccessRequest, insertCatalogRole } from "@/lib/grants/testing";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { writeMatrix } from "@/lib/matrix/mutations";
import { insertApprovedRequest } from "@/lib/provisioning/testing";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** `npm run test:resilience` sets "full" unless --quick; run straight from vitest, the quick counts apply. */
export const FULL_RUN = process.env.LATTICE_RESILIENCE_MODE === "full";

/** The number of cases of a check in this run; LATTICE_RESILIENCE_CASES overrides it while working on the suite. */
export function caseCount(full: number, quick: number): number {
  const override = Number(process.env.LATTICE_RESILIENCE_CASES);
  return override > 0 ? Math.min(override, full) : FULL_RUN ? full : quick;
}

/** One line per case: what was tried and what survived. The launcher repeats them all at the end. */
export function report(line: string): void {
  console.log(line);
  if (process.env.LATTICE_RESILIENCE_REPORT) appendFileSync(process.env.LATTICE_RESILIENCE_REPORT, `${line}\n`);
}

// ── the server actions, enumerated like lib/core/use-server-exports.test.ts does ─────────────────────────────────

export interface ServerAction {
  /** The export's name, e.g. "approveAccessRequest". */
  name: string;
  file: string;
  call: (input: unknown) => Promise<ActionResult>;
}

export interface ActionResult {
  data?: unknown;
  serverError?: { code: string; message: string; fieldErrors?: Record<string, string[]> };
  validationErrors?: unknown;
}

/** Every "use server" file of the app and each action it exports: a new action is picked up without a change here. */
export function serverActionFiles(): string[] {
  const sources = globSync(["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"], { cwd: ROOT, ignore: ["lib/core/generated/**"] });
  return sources.filter((file) => /^\s*["']use server["']/.test(readFileSync(path.join(ROOT, file), "utf8"))).sort();
}

export async function loadServerActions(): Promise<ServerAction[]> {
  const actions: ServerAction[] = [];
  for (const file of serverActionFiles()) {
    const loaded = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(loaded)) {
      if (typeof value === "function") actions.push({ name, file, call: value as ServerAction["call"] });
    }
  }
  return actions;
}

// ── people ───────────────────────────────────────────────────────────────────────────────────────────────────────

const DEMO_ROLES: Record<string, Role[]> = { priya: ["platform-admin"], alex: ["approver"], sam: ["approver"], mei: ["security"], jordan: ["auditor"] };
const ALL_ROLES: Role[] = ["approver", "security", "platform-admin", "auditor"];

/** A demo person (dana, tom, alex, mei, priya …) with their roles, plus `extra` ones. */
export function person(key: string, options: { extra?: Role[]; mfa?: boolean } = {}): Actor {
  const name = key.charAt(0).toUpperCase() + key.slice(1);
  return actorFor({ id: `user_${key}`, email: `${key}@lattice.example`, name }, [...(DEMO_ROLES[key] ?? []), ...(options.extra ?? [])], options.mfa ?? true);
}

/** A person holding every role, with MFA. */
export function withEveryRole(key: string, mfa = true): Actor {
  return person(key, { extra: ALL_ROLES, mfa });
}

// ── the world ────────────────────────────────────────────────────────────────────────────────────────────────────

export const ACCOUNTS = { dana: "acct_res_dana", tom: "acct_res_tom", prod: "acct_res_prod", unmanaged: "acct_res_unmanaged" } as const;

export interface World {
  /** A catalog role reviewed by approvers, security and account owners, break-glass allowed. */
  roleId: string;
  pendingAccess: string;
  pendingAccount: string;
  failedAccount: string;
  breakGlassRequest: string;
  activeGrant: string;
  draftAccount: string;
}

let descriptors = 0;

/** A fresh descriptor for an account name: lower-case letters only, so it fits every naming template part. */
export function uniqueDescriptor(prefix = "res"): string {
  descriptors += 1;
  let n = descriptors;
  let letters = "";
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `${prefix}${letters}`;
}

/** The account request form of `requester` (as the form sends it) for a new DEV account. */
export function accountRequestForm(requester: Actor, overrides: Partial<AccountRequestFields> = {}): AccountRequestFields {
  return {
    nameParts: { product: "pay", descriptor: uniqueDescriptor() },
    unitId: "unit_cards",
    environment: "DEV",
    regions: ["ap-singapore"],
    primaryOwnerId: requester.userId,
    secondaryOwnerIds: [],
    teamId: "team_payments-cards",
    costCenter: "CC-1042",
    dataClassification: "INTERNAL",
    justification: "A ledger service for the new card programme in Singapore.",
    ticketUrl: "https://tickets.example.com/OPS-1",
    tags: { owner: requester.email, "cost-center": "CC-1042", environment: "dev" },
    ...overrides,
  };
}

/** The content of a catalog role version, as the role editor sends it. */
export const ROLE_CONTENT = {
  name: "Database read-only",
  description: "Read the databases of an account during an incident.",
  policyDocuments: [JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: ["cdb:Describe*"], resource: "*" }] })],
  environments: ["DEV", "PROD"],
  maxDurationSeconds: 3600,
  approvalsRequired: 1,
  reviewers: ["APPROVER", "SECURITY"],
  securityForProd: true,
  breakGlassAllowed: false,
};

/** The access request form: `roleId` on `accountIds` for an hour. */
export function accessRequestForm(roleId: string, accountIds: string[], overrides: Partial<AccessRequestFields> = {}): Omit<AccessRequestFields, "breakGlass"> {
  return {
    roleId,
    accountIds,
    durationSeconds: 3600,
    startAt: null,
    justification: "Investigate the payment latency incident INC-2211.",
    ticketUrl: "https://tickets.example.com/INC-2211",
    ...overrides,
  };
}

type Actions = Awaited<ReturnType<typeof loadActionModules>>;

async function loadActionModules() {
  return { access: await import("@/lib/access/actions"), accountRequests: await import("@/lib/account-requests/actions") };
}

let modules: Actions | undefined;
async function actionModules(): Promise<Actions> {
  modules ??= await loadActionModules();
  return modules;
}

function dataOf<T>(what: string, result: { data?: T; serverError?: unknown; validationErrors?: unknown }): T {
  if (result.data === undefined) throw new Error(`${what} failed: ${JSON.stringify(result.serverError ?? result.validationErrors)}`);
  return result.data;
}

/** A pending access request of `requester`, submitted through the action. */
export async function submitAccessRequestAs(requester: Actor, roleId: string, accountIds: string[]): Promise<string> {
  const { access } = await actionModules();
  return dataOf("requestAccess", await actingAs(requester, () => access.requestAccess(accessRequestForm(roleId, accountIds)))).requestId;
}

/** A pending account request of `requester` (one stage: PLATFORM), submitted through the action. */
export async function submitAccountRequestAs(requester: Actor, overrides: Partial<AccountRequestFields> = {}): Promise<string> {
  const { accountRequests } = await actionModules();
  return dataOf("submitAccountRequest", await actingAs(requester, () => accountRequests.submitAccountRequest(accountRequestForm(requester, overrides)))).id;
}

/** A break-glass request of `requester` whose access has ended, so its review can be closed. */
export async function breakGlassWithEndedAccess(requester: Actor, roleId: string): Promise<string> {
  const { access } = await actionModules();
  const input = { ...accessRequestForm(roleId, [ACCOUNTS.prod]), breakGlass: true as const, justification: "Production payments are down (INC-3001); need to restart the gateway now." };
  const { requestId } = dataOf("requestBreakGlassAccess", await actingAs(requester, () => access.requestBreakGlassAccess(input)));
  await db.accessGrant.updateMany({ where: { requestId }, data: { status: "REVOKED", endedAt: new Date() } });
  return requestId;
}

/** An ACTIVE grant of `requesterId` on `accountId` for the next hour. */
export async function activeGrantOf(requesterId: string, roleId: string, accountId: string): Promise<{ requestId: string; grantId: string }> {
  const { requestId, grantIds } = await insertApprovedAccessRequest({ requesterId, roleId, accountIds: [accountId] });
  const grantId = grantIds[0]!;
  await db.accessGrant.update({ where: { id: grantId }, data: { status: "ACTIVE", activatedAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) } });
  return { requestId, grantId };
}

/** A provisioning that failed (Tencent refused it), waiting for a platform admin's retry. */
export async function failedAccountRequest(requester: Actor): Promise<string> {
  const id = await insertApprovedRequest({ name: `pay-dev-sg-${uniqueDescriptor("failed")}`, unitId: "unit_cards", requesterId: requester.userId, owners: [{ userId: requester.userId, role: "PRIMARY" }] });
  await db.accountRequest.update({ where: { id }, data: { status: "FAILED", version: { increment: 1 } } });
  return id;
}

/** The demo matrix, four accounts of our own (Dana's, Tom's, a production one, an unmanaged one), and targets. */
export async function buildWorld(): Promise<World> {
  await writeMatrix(generateMatrix({ accounts: 5 }));
  await getQueue();
  const [org, unit] = await Promise.all([db.organization.findFirstOrThrow(), db.unit.findFirstOrThrow({ where: { id: "unit_cards" } })]);
  const account = (id: string, uin: number, environment: "DEV" | "PROD", owner: string | null, status: "ACTIVE" | "UNMANAGED" = "ACTIVE") =>
    db.account.create({
      data: {
        id,
        organizationId: org.id,
        unitId: unit.id,
        memberUin: String(uin),
        name: id.replaceAll("_", "-"),
        environment,
        status,
        regions: ["ap-singapore"],
        ...(owner ? { owners: { create: [{ userId: `user_${owner}`, role: "PRIMARY" as const }] } } : {}),
      },
    });
  await account(ACCOUNTS.dana, 310_000_000_001, "DEV", "dana");
  await account(ACCOUNTS.tom, 310_000_000_002, "DEV", "tom");
  await account(ACCOUNTS.prod, 310_000_000_003, "PROD", "tom");
  await account(ACCOUNTS.unmanaged, 310_000_000_004, "DEV", null, "UNMANAGED");
  const role = await insertCatalogRole({
    slug: "resilience-read",
    policyDocuments: ['{"version":"2.0","statement":[{"effect":"allow","action":["cvm:Describe*"],"resource":["*"]}]}'],
    reviewers: ["APPROVER", "SECURITY", "ACCOUNT_OWNER"],
  });
  const dana = person("dana");
  const { accountRequests } = await actionModules();
  const draft = dataOf("saveAccountRequestDraft", await actingAs(dana, () => accountRequests.saveAccountRequestDraft({ unitId: "unit_cards", environment: "DEV" })));
  return {
    roleId: role.id,
    pendingAccess: await submitAccessRequestAs(dana, role.id, [ACCOUNTS.tom]),
    pendingAccount: await submitAccountRequestAs(dana),
    failedAccount: await failedAccountRequest(dana),
    breakGlassRequest: await breakGlassWithEndedAccess(person("tom"), role.id),
    activeGrant: (await activeGrantOf("user_dana", role.id, ACCOUNTS.tom)).grantId,
    draftAccount: draft.id,
  };
}

/** Ids of every kind that exist, for "someone else's id" mutations. */
export async function idPool(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    (SELECT id FROM public.app_user LIMIT 20) UNION ALL (SELECT id FROM public.account LIMIT 20)
    UNION ALL (SELECT id FROM public.access_request LIMIT 20) UNION ALL (SELECT id FROM public.access_grant LIMIT 20)
    UNION ALL (SELECT id FROM public.account_request LIMIT 20) UNION ALL (SELECT id FROM public.catalog_role LIMIT 20)
    UNION ALL (SELECT id FROM public.unit LIMIT 20) UNION ALL (SELECT id FROM public.team LIMIT 20)`;
  return rows.map((row) => row.id);
}

// ── "nothing written" ───────────────────────────────────────────────────────────────────────────────────────────

export type Checksums = Map<string, string>;

let checksumSql: string | undefined;

/**
 * Every table's row count and an order-independent hash of its rows (public schema), and the queue's job count:
 * equal checksums mean nothing was inserted, changed or deleted, and no job was queued.
 */
export async function tableChecksums(): Promise<Checksums> {
  if (!checksumSql) {
    const tables = await db.$queryRaw<{ name: string }[]>`
      SELECT table_name::text AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`;
    checksumSql = [
      ...tables.map(({ name }) => `SELECT '${name}' AS t, count(*)::text || ':' || COALESCE(sum(hashtext(x::text)::bigint), 0)::text AS c FROM public."${name}" x`),
      `SELECT 'pgboss.job' AS t, count(*)::text AS c FROM pgboss.job`,
    ].join(" UNION ALL ");
  }
  const rows = await db.$queryRawUnsafe<{ t: string; c: string }[]>(checksumSql);
  return new Map(rows.map((row) => [row.t, row.c]));
}

/** The tables whose checksum differs. */
export function changedTables(before: Checksums, after: Checksums): string[] {
  return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
}

/** Asserts the call wrote nothing anywhere, naming the tables it did write. */
export async function expectNothingWritten(before: Checksums, what: string): Promise<void> {
  expect(changedTables(before, await tableChecksums()), `${what} wrote`).toEqual([]);
}
