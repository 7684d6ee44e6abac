import { z } from "zod";
import { ACCOUNT_STATUS_SLUGS, PAGE_SIZES } from "@/lib/accounts/schema";
import { envInteger, idSchema } from "@/lib/core/validation";
import { ENVIRONMENT_VALUES, ENVIRONMENTS, REGION_IDS } from "@/lib/matrix/constants";
import type { OwnershipConfig } from "./types";

/** The settings of ownership rules (docs/ownership.md). Empty values count as unset. */
export const ownershipEnvSchema = z.object({
  /** An account with no sign-in or API activity for longer than this many days is dormant. */
  DORMANT_AFTER_DAYS: envInteger(90, 1, 3650),
  /** Owners re-confirm each account this often (days after the last confirmation, or after creation). */
  OWNERSHIP_REVIEW_DAYS: envInteger(180, 1, 3650),
});

export function ownershipConfigFromEnv(env: z.infer<typeof ownershipEnvSchema>): OwnershipConfig {
  return { dormantAfterDays: env.DORMANT_AFTER_DAYS, reviewEveryDays: env.OWNERSHIP_REVIEW_DAYS };
}

/**
 * Reads and validates the ownership settings from the environment; the only place this domain reads it. Throws a
 * readable list of problems.
 */
export function readOwnershipConfig(source: Record<string, string | undefined> = process.env): OwnershipConfig {
  const parsed = ownershipEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  return ownershipConfigFromEnv(parsed.data);
}

/** The dashboard's lists, as they appear in the URL (`list=`). */
export const OWNERSHIP_LISTS = ["orphaned", "dormant", "unmanaged", "review-due"] as const;
export type OwnershipList = (typeof OWNERSHIP_LISTS)[number];

export const OWNERSHIP_SORT_FIELDS = ["name", "environment", "status", "unit", "team", "lastActivityAt", "reviewDueAt"] as const;
export type OwnershipSortField = (typeof OWNERSHIP_SORT_FIELDS)[number];

/** `owner=none` / `team=none`: accounts with no owner at all, with no team. */
export const NONE = "none";

const ENVIRONMENT_SLUGS = ENVIRONMENTS.map((environment) => environment.slug) as [string, ...string[]];

/**
 * Filters, list, sort and page of the ownership dashboard, as they appear in the URL. Like the accounts table's
 * schema, each field falls back to "no filter" (or its default) when its value is unknown, so a hand-edited URL
 * never breaks the page; the page names the parameters it ignored.
 */
export const ownershipQuerySchema = z.object({
  owner: idSchema.optional().catch(undefined),
  team: idSchema.optional().catch(undefined),
  unit: idSchema.optional().catch(undefined),
  environment: z.enum(ENVIRONMENT_SLUGS).optional().catch(undefined),
  region: z.enum(REGION_IDS).optional().catch(undefined),
  status: z.enum(ACCOUNT_STATUS_SLUGS).optional().catch(undefined),
  list: z.enum(OWNERSHIP_LISTS).optional().catch(undefined),
  sort: z.enum(OWNERSHIP_SORT_FIELDS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce
    .number()
    .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
    .default(25)
    .catch(25),
});

export type OwnershipQuery = z.infer<typeof ownershipQuerySchema>;

/** An owner confirms they still own the account. `confirmedAt` is the confirmation the page showed (compare-and-set). */
export const confirmOwnershipInput = z.object({
  accountId: idSchema,
  confirmedAt: z.iso.datetime().nullable(),
});

/** A platform admin claims an unmanaged account: its primary owner, team (optional) and environment. */
export const claimAccountInput = z.object({
  accountId: idSchema,
  primaryOwnerId: z.string({ error: "Choose the primary owner." }).regex(/^[A-Za-z0-9_-]{1,64}$/, "Choose the primary owner."),
  teamId: z
    .string()
    .regex(/^([A-Za-z0-9_-]{1,64})?$/, "Choose a team from the list, or none.")
    .nullish()
    .transform((teamId) => teamId || null),
  environment: z.enum(ENVIRONMENT_VALUES, { error: "Choose the environment." }),
});

export type ClaimAccountFields = z.input<typeof claimAccountInput>;
export type ClaimAccountValues = z.output<typeof claimAccountInput>;
