import type { ProvisioningStepName } from "@/lib/core/generated/prisma/enums";

/** The steps of provisioning, in the order they run. Each is idempotent; a retried run resumes at the first unfinished one. */
export const PROVISIONING_STEPS = [
  "CREATE_MEMBER",
  "WAIT_UNTIL_READY",
  "MOVE_TO_UNIT",
  "AUTHORIZE_IDENTITIES",
  "ATTACH_BASELINE_POLICIES",
  "OWNER_ACCESS",
  "SECURITY_SWEEP",
  "ACTIVATE",
] as const satisfies readonly ProvisioningStepName[];

export const PROVISION_JOB = "account-request.provision";

/** Tencent's organization policy types. */
export const POLICY_TYPES = ["SERVICE_CONTROL_POLICY", "TAG_POLICY"] as const;

/**
 * Namespace (first key) of the session advisory locks a worker holds while it provisions a request; the second
 * key is hashtext(requestId). A lock that nobody holds on an "active" job means the worker that ran it is gone.
 */
export const LEASE_LOCK_NAMESPACE = 7_351_973;

/** Tencent's answer while a new member's access role is not yet usable (sic: "Avaliable"). */
export const ACCOUNT_NOT_READY_CODE = "InvalidParameter.AccountNotAvaliable";

/** How long cached organization facts (policy ids, unit attachments, the CIC zone and role configuration) are reused. */
export const CACHE_TTL_MS = 60_000;

/**
 * Tencent rejections that a repeat cannot fix, with what a person has to do. The request fails at once instead of
 * burning its retries; an administrator fixes the cause and retries it.
 */
export const PERMANENT_FAILURE_HINTS: { match: RegExp; hint: string }[] = [
  {
    match: /OrganizationMemberNameUsed|MemberNameUsed/,
    hint: "A member account with this name already exists in the Tencent Cloud organization (or a half-created one reserves it). A platform admin can use “Rename…” on this page to give the request another name and retry, or remove or rename the existing member and retry.",
  },
  {
    match: /OrganizationMemberOverLimit|MemberOverLimit/,
    hint: "The organization has reached its member quota. Remove unused members or ask Tencent Cloud support to raise the quota, then retry.",
  },
  {
    match: /OrganizationNodeNotExist/,
    hint: "The request's unit does not exist in Tencent Cloud (its NodeId is stale). Sync the units, then retry.",
  },
  {
    match: /^UnauthorizedOperation|^AuthFailure/,
    hint: "The portal's Tencent Cloud credentials are not allowed to do this. Grant the permissions listed in docs/provisioning.md, then retry.",
  },
  {
    match: /PolicyNotExist|OrganizationIdentityNotExist|ZoneIdNotExist/,
    hint: "A configured policy, identity or CIC object does not exist. Check the PROVISIONING_* settings (docs/provisioning.md), then retry.",
  },
  {
    match: /^(InvalidParameter|MissingParameter|LimitExceeded)/,
    hint: "Tencent Cloud did not accept the values sent (see the message). Correct the request or the PROVISIONING_* settings, then retry.",
  },
];

/**
 * How the worker coalesces concurrent requests' Tencent calls (service.ts): the first waiting item waits
 * `windowMs` for others, items arriving while a call is in flight go together in the next one, and batches of
 * one kind start at most every `minIntervalMs` (a few per second, each a handful of calls, whatever the load; a
 * request alone waits only `windowMs`). The policy-coverage read is several calls, so it starts less often.
 * CreateRoleAssignment takes at most 50 RoleAssignmentInfo entries (tencent-api.md §1.7).
 */
export const BATCH_LIMITS = {
  windowMs: 25,
  minIntervalMs: 250,
  policyCoverageMinIntervalMs: 500,
  roleAssignmentEntries: 50,
  memberUins: 50,
  policyCoverageMembers: 200,
} as const;

/**
 * Provisioning's transactions may wait: under a burst, every audited write queues on the audit chain's lock (one
 * append at a time, system-wide), and Prisma's defaults (2 s to get a connection, 5 s in all) would fail a step
 * that is merely waiting its turn — and send its job to a 10 s retry.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;
