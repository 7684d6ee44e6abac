import type { AccessGrantStatus } from "@/lib/core/generated/prisma/enums";
import type { Role } from "@/lib/core/roles";

/** Grants whose CIC assignment is (or is about to be) in place and must not be removed from under them. */
export const HOLDING_GRANT_STATUSES: AccessGrantStatus[] = ["ACTIVATING", "ACTIVE"];
/** Grants that explain a CIC assignment to reconciliation: held, or being removed by their own job. */
export const EXPLAINING_GRANT_STATUSES: AccessGrantStatus[] = ["ACTIVATING", "ACTIVE", "REMOVING", "REMOVAL_FAILED"];
/** Grants whose removal is under way or keeps failing: the removal job continues them. */
export const REMOVAL_STATUSES: AccessGrantStatus[] = ["REMOVING", "REMOVAL_FAILED"];
/** Grants that ended: whatever they held is gone or never existed. */
export const ENDED_GRANT_STATUSES: AccessGrantStatus[] = ["EXPIRED", "REVOKED", "FAILED", "NOT_GRANTED"];

/** Who sees the reconciliation runs and what they removed. */
export const RECONCILIATION_VIEW_ROLES: Role[] = ["security", "platform-admin", "auditor"];

/** The sweep runs every minute: activation and expiry are at most that late when a per-grant job was lost. */
export const SWEEP_CRON = "* * * * *";
/** Rows one sweep query reads at a time (each kind of work loops until done). */
export const SWEEP_BATCH = 200;
/** A removal that made no progress for this long is sent to the queue again. */
export const STUCK_REMOVAL_MINUTES = 5;
/** Reconciliation runs shown on its page. */
export const RECONCILIATION_RUNS_SHOWN = 20;
/** Error messages kept on a grant or a finding (Tencent's can be long). */
export const ERROR_MESSAGE_MAX = 1_000;

/** STS session names of CLI credentials: `lattice-jit-<request number>-<email>` (2–128 of letters, digits, =,.@_-). */
export const SESSION_NAME_PREFIX = "lattice-jit-";

/**
 * Assignment changes on one member account (create, delete, reconciliation's delete) take this PostgreSQL advisory
 * lock class, keyed by the account's UIN, together with the check of the grants that justify them.
 */
export const ASSIGNMENT_LOCK_CLASS = 7_351_973;
/** How long an assignment change may hold its account's lock (a Tencent call with the gateway's retries). */
export const ASSIGNMENT_LOCK_TRANSACTION = { maxWait: 10_000, timeout: 120_000 } as const;
