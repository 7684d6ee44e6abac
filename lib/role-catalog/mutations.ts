import "server-only";
import type { z } from "zod";
import { appendAuditEvent, SYSTEM_STAMP, type AuditStamp } from "@/lib/core/audit";
import { db } from "@/lib/core/db";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { sendJobInTransaction } from "@/lib/core/queue";
import type { Actor } from "@/lib/core/roles";
import { fieldErrorsOf } from "@/lib/core/validation";
import { PROVISION_ROLE_JOB } from "./constants";
import { CONTENT_SELECT } from "./data";
import {
  createRoleInput,
  publishVersionInput,
  rollbackInput,
  setRoleStatusInput,
  type CreateRoleFields,
  type PublishVersionFields,
  type RollbackFields,
  type SetRoleStatusFields,
} from "./schema";
import type { CicOutcome, RoleContent } from "./types";
import { diffRoleContent, isSameContent, normalizeContent } from "./utils";

/** Parses with the shared schema; a failure is a VALIDATION error whose messages are keyed by the form's field path. */
function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]?.message;
  throw new AppError("VALIDATION", first ? `Not saved: ${first}` : undefined, { fieldErrors: fieldErrorsOf(parsed.error) });
}

function staleVersion(current: number | null): AppError {
  return new AppError(
    "CONFLICT",
    current === null
      ? "Someone changed this role while you were editing. Reload the page to see it, then make your change again."
      : `Someone published version ${current} of this role while you were editing. Reload the page to see it, then make your change again.`,
  );
}

/**
 * The role, locked against a concurrent write, if `baseVersion` is still the version in force. Compare-and-set:
 * the conditional update both checks and locks the row, so two writers on the same base cannot both pass.
 */
async function claimRole(tx: Prisma.TransactionClient, roleId: string, baseVersion: number, next: number, extra: { status?: "ACTIVE" | "RETIRED"; statusFrom?: "ACTIVE" | "RETIRED" } = {}) {
  const claimed = await tx.catalogRole.updateMany({
    where: { id: roleId, currentVersion: baseVersion, ...(extra.statusFrom ? { status: extra.statusFrom } : {}) },
    data: { currentVersion: next, ...(extra.status ? { status: extra.status } : {}) },
  });
  if (claimed.count === 1) return;
  const role = await tx.catalogRole.findUnique({ where: { id: roleId }, select: { currentVersion: true, status: true } });
  if (!role) throw new AppError("NOT_FOUND", "This catalog role does not exist.");
  if (role.currentVersion !== baseVersion) throw staleVersion(role.currentVersion);
  throw new AppError("CONFLICT", role.status === "RETIRED" ? "This role is already retired." : "This role is already active.");
}

async function currentContent(tx: Prisma.TransactionClient, roleId: string, version: number): Promise<RoleContent> {
  return tx.catalogRoleVersion.findUniqueOrThrow({ where: { roleId_version: { roleId, version } }, select: CONTENT_SELECT });
}

async function insertVersion(
  tx: Prisma.TransactionClient,
  createdById: string | null,
  data: { roleId: string; version: number; content: RoleContent; changeNote: string; restoredFrom?: number },
) {
  return tx.catalogRoleVersion.create({
    data: { roleId: data.roleId, version: data.version, ...normalizeContent(data.content), changeNote: data.changeNote, restoredFrom: data.restoredFrom ?? null, createdById },
    select: { id: true, version: true },
  });
}

/** The provisioning job for the role's version in force; stately per role, so runs for one role never overlap. */
function enqueueProvisioning(tx: Prisma.TransactionClient, roleId: string) {
  return sendJobInTransaction(tx, PROVISION_ROLE_JOB, { roleId }, { singletonKey: roleId });
}

async function withConflicts<T>(run: () => Promise<T>, onUnique: () => AppError): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw onUnique();
    throw error;
  }
}

/** A role with version 1, its audit event and its provisioning job, in the caller's transaction. */
async function insertRole(tx: Prisma.TransactionClient, role: { slug: string; content: RoleContent; changeNote: string; createdById: string | null }, stamp: AuditStamp) {
  const content = normalizeContent(role.content);
  const { id } = await tx.catalogRole.create({ data: { slug: role.slug, currentVersion: 1, createdById: role.createdById }, select: { id: true } });
  const created = await insertVersion(tx, role.createdById, { roleId: id, version: 1, content, changeNote: role.changeNote });
  await appendAuditEvent(tx, stamp, {
    action: "catalogRole.create",
    target: { type: "catalogRole", id },
    payload: { slug: role.slug, version: 1, changeNote: role.changeNote, before: null, after: content },
  });
  await enqueueProvisioning(tx, id);
  return { roleId: id, version: created.version };
}

/** Creates a role with version 1, its audit event and its provisioning job, in one transaction. */
export async function createCatalogRole(actor: Actor, input: CreateRoleFields, stamp: AuditStamp): Promise<{ roleId: string; version: number }> {
  const values = parseOrThrow(createRoleInput, input);
  return withConflicts(
    () => db.$transaction((tx) => insertRole(tx, { slug: values.slug, content: values.content, changeNote: values.changeNote, createdById: actor.userId }, stamp)),
    () => new AppError("CONFLICT", `A catalog role with the slug "${values.slug}" already exists. Choose another slug.`, { fieldErrors: { slug: ["This slug is taken."] } }),
  );
}

/**
 * The demo's starter catalog (prisma/seed.ts): each role whose slug is not taken yet is created as Lattice itself,
 * validated like an admin's; existing ones are left alone, so seeding again changes nothing.
 */
export async function seedCatalogRoles(roles: readonly { slug: string; content: RoleContent }[]): Promise<number> {
  let created = 0;
  for (const role of roles) {
    const values = parseOrThrow(createRoleInput, { ...role, changeNote: "Starter catalog of the demo" });
    await db.$transaction(async (tx) => {
      if (await tx.catalogRole.findUnique({ where: { slug: values.slug }, select: { id: true } })) return;
      await insertRole(tx, { slug: values.slug, content: values.content, changeNote: values.changeNote, createdById: null }, SYSTEM_STAMP);
      created += 1;
    });
  }
  return created;
}

/** Publishes the next version of a role on top of `baseVersion` (compare-and-set), audited with before/after and diff. */
export async function publishCatalogRoleVersion(actor: Actor, input: PublishVersionFields, stamp: AuditStamp): Promise<{ version: number }> {
  const values = parseOrThrow(publishVersionInput, input);
  const content = normalizeContent(values.content);
  return withConflicts(
    () =>
      db.$transaction(async (tx) => {
        const next = values.baseVersion + 1;
        await claimRole(tx, values.roleId, values.baseVersion, next, { statusFrom: "ACTIVE" }).catch(async (error: unknown) => {
          const role = await tx.catalogRole.findUnique({ where: { id: values.roleId }, select: { status: true, currentVersion: true } });
          if (role?.status === "RETIRED" && role.currentVersion === values.baseVersion) {
            throw new AppError("VALIDATION", "Not saved: this role is retired. Reactivate it before publishing a new version.");
          }
          throw error;
        });
        const before = await currentContent(tx, values.roleId, values.baseVersion);
        if (isSameContent(before, content)) throw new AppError("VALIDATION", "Not saved: this is the version already in force. Change something first.");
        const created = await insertVersion(tx, actor.userId, { roleId: values.roleId, version: next, content, changeNote: values.changeNote });
        await appendAuditEvent(tx, stamp, {
          action: "catalogRole.publish",
          target: { type: "catalogRole", id: values.roleId },
          payload: { version: next, changeNote: values.changeNote, before: { version: values.baseVersion, ...before }, after: { version: next, ...content }, diff: diffRoleContent(before, content) },
        });
        await enqueueProvisioning(tx, values.roleId);
        return { version: created.version };
      }),
    () => staleVersion(null),
  );
}

/** Publishes version `toVersion`'s content again as the next version: history only grows, and the diff shows the revert. */
export async function rollbackCatalogRole(actor: Actor, input: RollbackFields, stamp: AuditStamp): Promise<{ version: number }> {
  const values = parseOrThrow(rollbackInput, input);
  return withConflicts(
    () =>
      db.$transaction(async (tx) => {
        if (values.toVersion >= values.baseVersion) throw new AppError("VALIDATION", "Not saved: roll back to an older version than the one in force.");
        const next = values.baseVersion + 1;
        await claimRole(tx, values.roleId, values.baseVersion, next, { statusFrom: "ACTIVE" }).catch(async (error: unknown) => {
          const role = await tx.catalogRole.findUnique({ where: { id: values.roleId }, select: { status: true, currentVersion: true } });
          if (role?.status === "RETIRED" && role.currentVersion === values.baseVersion) {
            throw new AppError("VALIDATION", "Not saved: this role is retired. Reactivate it before rolling back.");
          }
          throw error;
        });
        const target = await tx.catalogRoleVersion.findUnique({ where: { roleId_version: { roleId: values.roleId, version: values.toVersion } }, select: CONTENT_SELECT });
        if (!target) throw new AppError("NOT_FOUND", `Version ${values.toVersion} of this role does not exist.`);
        const before = await currentContent(tx, values.roleId, values.baseVersion);
        if (isSameContent(before, target)) throw new AppError("VALIDATION", `Not saved: version ${values.toVersion} says the same as the version in force.`);
        const created = await insertVersion(tx, actor.userId, { roleId: values.roleId, version: next, content: target, changeNote: values.changeNote, restoredFrom: values.toVersion });
        await appendAuditEvent(tx, stamp, {
          action: "catalogRole.rollback",
          target: { type: "catalogRole", id: values.roleId },
          payload: {
            version: next,
            restoredFrom: values.toVersion,
            changeNote: values.changeNote,
            before: { version: values.baseVersion, ...before },
            after: { version: next, ...normalizeContent(target) },
            diff: diffRoleContent(before, target),
          },
        });
        await enqueueProvisioning(tx, values.roleId);
        return { version: created.version };
      }),
    () => staleVersion(null),
  );
}

/**
 * Retires a role (no new requests; its versions and CIC role configuration stay) or reactivates it. Compare-and-set
 * on the version in force and the status; the version number does not change.
 */
export async function setCatalogRoleStatus(actor: Actor, input: SetRoleStatusFields, stamp: AuditStamp): Promise<{ status: "ACTIVE" | "RETIRED" }> {
  const values = parseOrThrow(setRoleStatusInput, input);
  const from = values.status === "RETIRED" ? "ACTIVE" : "RETIRED";
  return db.$transaction(async (tx) => {
    await claimRole(tx, values.roleId, values.baseVersion, values.baseVersion, { status: values.status, statusFrom: from });
    await appendAuditEvent(tx, stamp, {
      action: values.status === "RETIRED" ? "catalogRole.retire" : "catalogRole.reactivate",
      target: { type: "catalogRole", id: values.roleId },
      payload: { version: values.baseVersion, changeNote: values.changeNote, before: { status: from }, after: { status: values.status } },
    });
    return { status: values.status };
  });
}

/**
 * Records a provisioning run's outcome on the version it ran for, with an audit event. A later version has its
 * own job; this one only ever writes its own version's row.
 */
export async function recordCicOutcome(versionId: string, outcome: CicOutcome, stamp: AuditStamp): Promise<void> {
  await db.$transaction(async (tx) => {
    const version = await tx.catalogRoleVersion.update({
      where: { id: versionId },
      data:
        outcome.status === "PROVISIONED"
          ? { cicStatus: "PROVISIONED", roleConfigurationId: outcome.roleConfigurationId, cicErrorCode: null, cicErrorMessage: null, cicRequestId: null, cicUpdatedAt: new Date() }
          : { cicStatus: "FAILED", cicErrorCode: outcome.code, cicErrorMessage: outcome.message.slice(0, 1000), cicRequestId: outcome.requestId, cicUpdatedAt: new Date() },
      select: { roleId: true, version: true },
    });
    if (outcome.status === "PROVISIONED") {
      await tx.catalogRole.update({ where: { id: version.roleId }, data: { roleConfigurationId: outcome.roleConfigurationId } });
    }
    await appendAuditEvent(tx, stamp, {
      action: outcome.status === "PROVISIONED" ? "catalogRole.provision" : "catalogRole.provisionFailed",
      target: { type: "catalogRole", id: version.roleId },
      tencentRequestIds: outcome.status === "PROVISIONED" ? outcome.requestIds : outcome.requestId ? [outcome.requestId] : [],
      payload:
        outcome.status === "PROVISIONED"
          ? { version: version.version, roleConfigurationId: outcome.roleConfigurationId }
          : { version: version.version, code: outcome.code, message: outcome.message },
    });
  });
}
