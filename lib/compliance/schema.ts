import { z } from "zod";
import { PAGE_SIZES } from "@/lib/accounts/schema";
import type { ViolationKind } from "@/lib/core/generated/prisma/enums";
import { idSchema } from "@/lib/core/validation";
import { ENVIRONMENTS } from "@/lib/matrix/constants";

/** Deep pages cost an OFFSET scan each; past this the CSV export is the way to read everything. */
export const MAX_PAGE = 1_000;

/** The violation kinds in URLs; "name" is an account whose name breaks the naming convention. */
export const VIOLATION_KIND_SLUGS = ["missing-key", "value-not-allowed", "flagged", "name"] as const;
export type ViolationKindSlug = (typeof VIOLATION_KIND_SLUGS)[number];

export const KIND_OF_SLUG: Record<Exclude<ViolationKindSlug, "name">, ViolationKind> = {
  "missing-key": "MISSING_KEY",
  "value-not-allowed": "VALUE_NOT_ALLOWED",
  flagged: "FLAGGED_BY_TENCENT",
};

/** Orders of the violations list: most recently found first, or grouped by account name. */
export const VIOLATION_SORTS = ["newest", "account"] as const;

/** Resources without a region (global services) have region ""; URLs call it "global". */
export const GLOBAL_REGION = "global";

/** Tables the CSV export can write: the violations list (default), the account-name violations, or a breakdown. */
export const EXPORT_TABLES = ["violations", "names", "account", "unit", "environment", "region", "key", "type"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

const ENVIRONMENT_SLUGS = ENVIRONMENTS.map((environment) => environment.slug) as [string, ...string[]];

function page(max: number) {
  return z.coerce.number().int().min(1).max(max).default(1).catch(1);
}

/**
 * Filters, order and pages of the tag dashboard, as they appear in the URL (so a filtered view is a link to share).
 * Each field falls back to "no filter" (or its default) when its value is unknown or malformed, as on the accounts
 * list: a hand-edited URL never breaks the page, and the page names what it ignored.
 */
export const tagDashboardQuerySchema = z.object({
  account: idSchema.optional().catch(undefined),
  /** This unit and every unit below it. */
  unit: idSchema.optional().catch(undefined),
  environment: z.enum(ENVIRONMENT_SLUGS).optional().catch(undefined),
  /** A Tencent region id, or "global". */
  region: z.string().regex(/^[a-z0-9-]{2,40}$/).optional().catch(undefined),
  /** A tag key of the policy (Tencent keys: letters, digits, spaces and + - = . _ : / @). */
  key: z.string().regex(/^[\p{L}\p{N} +\-=._:/@]{1,127}$/u).optional().catch(undefined),
  /** A resource type, "cvm:instance". */
  type: z.string().regex(/^[a-z0-9_.-]{1,40}(:[A-Za-z0-9_./-]{1,60})?$/).optional().catch(undefined),
  kind: z.enum(VIOLATION_KIND_SLUGS).optional().catch(undefined),
  sort: z.enum(VIOLATION_SORTS).default("newest").catch("newest"),
  /** Page of the violations list. */
  page: page(MAX_PAGE),
  pageSize: z.coerce
    .number()
    .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
    .default(25)
    .catch(25),
  /** Page of the by-account table (least compliant first). */
  accountsPage: page(MAX_PAGE),
});

export type TagDashboardQuery = z.infer<typeof tagDashboardQuerySchema>;

/** The export's extra parameter: which table to write. */
export const exportTableSchema = z.enum(EXPORT_TABLES).default("violations").catch("violations");
