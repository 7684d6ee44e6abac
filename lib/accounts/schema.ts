import { z } from "zod";
import { idSchema, searchTextSchema } from "@/lib/core/validation";
import { ENVIRONMENTS, REGION_IDS } from "@/lib/matrix/constants";

export const ACCOUNT_SORT_FIELDS = ["name", "environment", "status", "unit", "createdAt", "lastActivityAt"] as const;
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const ACCOUNT_STATUS_SLUGS = ["provisioning", "active", "unmanaged", "suspended", "closed"] as const;

const ENVIRONMENT_SLUGS = ENVIRONMENTS.map((environment) => environment.slug) as [string, ...string[]];

/**
 * Filters, sort and page of the accounts table, as they appear in the URL. Each field falls back to "no filter"
 * (or its default) when its value is unknown, so a hand-edited URL never breaks the page; the page tells the
 * person which parameters it ignored.
 */
export const accountListQuerySchema = z.object({
  q: searchTextSchema.optional().catch(undefined),
  unit: idSchema.optional().catch(undefined),
  environment: z.enum(ENVIRONMENT_SLUGS).optional().catch(undefined),
  region: z.enum(REGION_IDS).optional().catch(undefined),
  owner: idSchema.optional().catch(undefined),
  status: z.enum(ACCOUNT_STATUS_SLUGS).optional().catch(undefined),
  sort: z.enum(ACCOUNT_SORT_FIELDS).default("name").catch("name"),
  dir: z.enum(["asc", "desc"]).default("asc").catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce
    .number()
    .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
    .default(25)
    .catch(25),
});

export type AccountListQuery = z.infer<typeof accountListQuerySchema>;
export type AccountSortField = (typeof ACCOUNT_SORT_FIELDS)[number];
