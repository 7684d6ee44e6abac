import type { AccessGrantStatus, Environment } from "@/lib/core/generated/prisma/enums";

/**
 * One grant as the pages show it (dates as ISO strings, safe to pass to client components). `can` is what the
 * viewing person may do with it, computed on the server from the ability rules.
 */
export interface GrantView {
  id: string;
  requestId: string;
  /** "JIT-42". */
  requestReference: string;
  roleName: string;
  requester: { id: string; name: string; email: string };
  account: { id: string; name: string; memberUin: string | null; environment: Environment };
  status: AccessGrantStatus;
  startsAt: string | null;
  activatedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  revokedBy: { name: string; email: string } | null;
  revokeReason: string | null;
  /** The last failure, shown while activation failed or removal keeps failing. */
  lastError: { code: string | null; message: string | null; tencentRequestId: string | null; attempts: number } | null;
  /** CLI credentials handed out for this grant (metadata only; the secrets are never stored). */
  credentialsIssued: number;
  can: { revoke: boolean; issueCredentials: boolean };
  /** The viewer holds this active grant but too little time is left for CLI credentials (STS needs 15 minutes). */
  credentialsTooLate: boolean;
}

/** Which grants a view lists: those of one request, or a person's live access. */
export type GrantScope = { requestId: string } | { requesterId: string; live: true } | { everyone: true; live: true };

/**
 * Temporary CLI credentials, returned once to the person they were issued to and never stored: only their metadata
 * (session name, SecretId fingerprint, expiry) is kept.
 */
export interface IssuedCredentials {
  secretId: string;
  secretKey: string;
  sessionToken: string;
  /** ISO time the credentials stop working (never after the grant's expiry). */
  expiresAt: string;
  region: string;
  sessionName: string;
  account: { name: string; memberUin: string };
  roleName: string;
  requestReference: string;
}

/** A CIC assignment: its role configuration, target account and principal. */
export interface AssignmentKey {
  zoneId: string;
  roleConfigurationId: string;
  targetUin: string;
  principalId: string;
}

/** An assignment as reconciliation lists it. */
export interface AssignmentRef {
  roleConfigurationId: string;
  targetType: string;
  targetUin: string;
  principalType: string;
  principalId: string;
  principalName: string | null;
}

/** A grant that may explain an assignment (ACTIVATING, ACTIVE, REMOVING, REMOVAL_FAILED). */
export interface ExplainingGrant {
  id: string;
  status: AccessGrantStatus;
  memberUin: string | null;
  /** The grant's recorded role configuration, else its catalog role's. */
  roleConfigurationId: string | null;
  /** The grantee's CIC user, once activation recorded it. */
  principalId: string | null;
}

export interface ReconciliationDiff {
  explained: AssignmentRef[];
  /** Out-of-band access: removed. */
  unexplained: AssignmentRef[];
  /** Possibly being created by an activation right now: left for the next run. */
  deferred: AssignmentRef[];
}

/** A failed attempt at a transition, as the grant records it. */
export interface GrantFailure {
  /** A later attempt may succeed: the queue retries. */
  transient: boolean;
  code: string;
  message: string;
  requestId: string | null;
}

/** What removal did with the grant's CIC assignment, recorded in its audit event. */
export type RemovalOutcome =
  | { assignment: "deleted"; requestIds: string[] }
  | { assignment: "already-gone"; requestIds: string[] }
  /** Another live grant of the same person, account and role holds the same assignment: it stays for that one. */
  | { assignment: "kept"; keptFor: string[] }
  /** No assignment could exist: the role or the person has no CIC counterpart. */
  | { assignment: "none"; reason: string };

/** The settings of the grant jobs (lib/grants/schema.ts reads them from the environment). */
export interface GrantsConfig {
  /** How often reconciliation runs. */
  reconcileIntervalMinutes: number;
  /** How long a job waits for a CIC task before trying again later. */
  taskTimeoutMs: number;
  taskPollMs: number;
}

/** One reconciliation run and what it found, newest first on the page. */
export interface ReconciliationRunView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  assignmentsSeen: number;
  removed: number;
  failed: number;
  error: string | null;
  findings: {
    id: string;
    targetUin: string;
    accountName: string | null;
    roleConfigurationId: string;
    roleName: string | null;
    principalId: string;
    principalName: string | null;
    removed: boolean;
    errorCode: string | null;
    errorMessage: string | null;
  }[];
}
