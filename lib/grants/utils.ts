import { toAppError } from "@/lib/core/errors";
import { cicUserName } from "@/lib/tencentcloud/cic";
import { isTransientFailure } from "@/lib/tencentcloud/utils";
import { ERROR_MESSAGE_MAX, SESSION_NAME_PREFIX } from "./constants";
import type { AssignmentRef, ExplainingGrant, GrantFailure, ReconciliationDiff } from "./types";

/**
 * One STS session policy from a catalog role version's CAM policy documents: every statement of every document, in
 * order, under version "2.0". Credentials assumed with it can do no more than the role (STS grants the intersection
 * of the member role and this policy). A document that is not a CAM policy, or that names a principal (never
 * allowed in a session policy), is refused rather than dropped: dropping a deny would widen access.
 */
export function mergeSessionPolicy(documents: readonly string[]): string {
  const statements: unknown[] = [];
  documents.forEach((text, index) => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Error(`Policy document ${index + 1} is not JSON.`);
    }
    const { version, statement } = (document ?? {}) as { version?: unknown; statement?: unknown };
    if (version !== "2.0" || !Array.isArray(statement)) throw new Error(`Policy document ${index + 1} is not a CAM policy (version "2.0" with a statement list).`);
    for (const entry of statement) {
      if (typeof entry !== "object" || entry === null || "principal" in entry) throw new Error(`Policy document ${index + 1} has a statement a session policy cannot hold.`);
      statements.push(entry);
    }
  });
  if (statements.length === 0) throw new Error("The role has no policy statements: credentials would allow nothing.");
  return JSON.stringify({ version: "2.0", statement: statements });
}

/** AssumeRole's `Policy` is URL-encoded (tencent-api.md §3); the server decodes it once. */
export function encodeSessionPolicy(policy: string): string {
  return encodeURIComponent(policy);
}

/**
 * The STS session name of CLI credentials: the request and the person, so CloudAudit in the member account shows
 * who acted under which request (`lattice-jit-42-priya@lattice.example`). STS allows 2–128 of letters, digits and
 * =,.@_-.
 */
export function credentialSessionName(requestNumber: number, email: string): string {
  return `${SESSION_NAME_PREFIX}${requestNumber}-${cicUserName(email.toLowerCase())}`.slice(0, 128);
}

/** The key of a CIC assignment as reconciliation compares them. */
export function assignmentKey(ref: { roleConfigurationId: string; targetUin: string | number; principalId: string }): string {
  return `${ref.roleConfigurationId}/${ref.targetUin}/${ref.principalId}`;
}

/**
 * Sorts the CIC assignments of catalog role configurations into those a grant explains, those to remove (out of
 * band: no grant explains them), and those to leave for the next run: an ACTIVATING grant on the same account and
 * role configuration whose CIC user is not recorded yet may be creating exactly that assignment right now.
 */
export function reconciliationDiff(assignments: readonly AssignmentRef[], grants: readonly ExplainingGrant[]): ReconciliationDiff {
  const explained = new Set<string>();
  const pending = new Set<string>();
  for (const grant of grants) {
    if (!grant.memberUin || !grant.roleConfigurationId) continue;
    if (grant.principalId) explained.add(assignmentKey({ roleConfigurationId: grant.roleConfigurationId, targetUin: grant.memberUin, principalId: grant.principalId }));
    else if (grant.status === "ACTIVATING") pending.add(`${grant.roleConfigurationId}/${grant.memberUin}`);
  }
  const diff: ReconciliationDiff = { explained: [], unexplained: [], deferred: [] };
  for (const assignment of assignments) {
    // Only users get grants; a group assignment of a catalog role is never explained by one.
    if (assignment.principalType === "User" && explained.has(assignmentKey(assignment))) diff.explained.push(assignment);
    else if (pending.has(`${assignment.roleConfigurationId}/${assignment.targetUin}`)) diff.deferred.push(assignment);
    else diff.unexplained.push(assignment);
  }
  return diff;
}

/**
 * How a failed activation or removal attempt is recorded, and whether the queue should try again. Transient:
 * throttling, timeouts, 5xx, network, database trouble, a CIC task still running, and a CIC user Tencent does not
 * know yet (created a moment ago). Anything else Tencent rejected would be rejected again.
 */
export function classifyGrantFailure(error: unknown): GrantFailure {
  const appError = toAppError(error);
  const tencentCode = appError.details.tencentCode;
  const cause = appError.cause instanceof Error ? appError.cause.message : undefined;
  const message = ((tencentCode ? cause : undefined) ?? (error instanceof Error ? error.message : String(error))).slice(0, ERROR_MESSAGE_MAX);
  return {
    transient: isTransientFailure(error) || tencentCode === "ResourceNotFound.UserNotExist",
    code: tencentCode ?? appError.code,
    message,
    requestId: appError.details.requestId ?? null,
  };
}
