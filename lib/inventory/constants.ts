import type { Environment } from "@/lib/core/generated/prisma/enums";

/**
 * A six-segment resource name, `qcs::<service>:<region>:uin/<uin>:<prefix>/<id>` (GetResources may write the account
 * segment without `uin/`). One pattern for both parsers: utils.ts (JavaScript) and the merge in mutations.ts
 * (PostgreSQL `regexp_match`), so the two always agree. Groups: service, region ("" for global), uin, prefix, id.
 */
export const SIX_SEGMENT_PATTERN = "^qcs::([A-Za-z0-9_-]+):([A-Za-z0-9-]*):(?:uin/)?([0-9]+):([^/]+)/(.+)$";

/** Member tags that name the environment of an account found in the organization, in order of preference. */
export const ENVIRONMENT_TAG_KEYS = ["environment", "env"] as const;
/** The environment of a new (unmanaged) account whose member tags name none: the least trusted one. */
export const DEFAULT_ENVIRONMENT: Environment = "SANDBOX";

/** GetSecurityLastUsed takes at most 10 SecretIds per call (tencent-api.md §2.1). */
export const SECRET_IDS_PER_CALL = 10;

/** Staged resources inserted per statement: well inside PostgreSQL's bind-parameter limit. */
export const STAGE_CHUNK = 1_000;

/** Recent runs the dashboard lists. */
export const RUNS_SHOWN = 15;
/** Failed members listed per run. */
export const FAILED_MEMBERS_SHOWN = 50;

/** The finalize transaction merges a whole organization (millions of rows at most): it may take minutes. */
export const FINALIZE_TIMEOUT_MS = 15 * 60_000;
