import "server-only";
import type { Prisma } from "@/lib/core/generated/prisma/client";
import { utcDay } from "./utils";

/** Serializes evaluations: two at once (the sync's finalize and a policy-publish job) would both rebuild the rollups. */
const EVALUATION_LOCK = "lattice.compliance.evaluate";

/**
 * Evaluates every live resource (`gone_at IS NULL`) against the tag policy in force, in SQL over whole tables:
 *
 * - a rule applies to a resource when its environments are empty or hold the environment of the resource's account;
 * - a required key that is absent or blank is MISSING_KEY; a value outside a non-empty allowed list is
 *   VALUE_NOT_ALLOWED (with the value found); a resource Tencent lists as non-compliant is FLAGGED_BY_TENCENT;
 * - with no tag policy in force nothing is a violation: everything is compliant.
 *
 * `resource_violation` is brought to exactly that set by a diff (rows no longer true are deleted, new ones inserted),
 * so a violation keeps its id and `created_at` — when it was first found — across evaluations, and a sync that changed
 * little writes little. `resource.violation_count` is updated only where it changed (gone resources go to 0). The two
 * rollups are rebuilt and today's snapshot per environment is replaced (the last evaluation of the day wins).
 *
 * Runs inside the caller's transaction (`tx`): the inventory sync's finalize, or the "compliance.evaluate" job. Takes
 * a transaction-scoped advisory lock so concurrent evaluations queue instead of colliding on the rollups' keys.
 */
export async function evaluateTagCompliance(tx: Prisma.TransactionClient, now: Date): Promise<{ resources: number; compliant: number }> {
  await tx.$executeRaw`SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext(${EVALUATION_LOCK}))`;

  // The rules of the newest tag policy version; no rows when there is no policy.
  await tx.$executeRaw`DROP TABLE IF EXISTS pg_temp.compliance_rule`;
  await tx.$executeRaw`
    CREATE TEMP TABLE compliance_rule ON COMMIT DROP AS
    SELECT r.key, r.allowed_values, r.environments
    FROM public.tag_policy_rule r
    WHERE r.tag_policy_id = (SELECT p.id FROM public.tag_policy p ORDER BY p.version DESC LIMIT 1)`;

  // The violations that should exist: one pass over live resources, each rule that applies checked per resource.
  await tx.$executeRaw`DROP TABLE IF EXISTS pg_temp.compliance_violation`;
  await tx.$executeRaw`
    CREATE TEMP TABLE compliance_violation ON COMMIT DROP AS
    SELECT r.id AS resource_id, r.account_id, v.kind, v.key, v.value
    FROM public.resource r
    JOIN public.account a ON a.id = r.account_id
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN coalesce(btrim(r.tags ->> cr.key), '') = '' THEN 'MISSING_KEY' ELSE 'VALUE_NOT_ALLOWED' END::public.violation_kind AS kind,
        cr.key,
        CASE WHEN coalesce(btrim(r.tags ->> cr.key), '') = '' THEN NULL ELSE r.tags ->> cr.key END AS value
      FROM compliance_rule cr
      WHERE (cardinality(cr.environments) = 0 OR a.environment = ANY (cr.environments))
        AND (
          coalesce(btrim(r.tags ->> cr.key), '') = ''
          OR (cardinality(cr.allowed_values) > 0 AND NOT (btrim(r.tags ->> cr.key) = ANY (cr.allowed_values)))
        )
      UNION ALL
      SELECT 'FLAGGED_BY_TENCENT'::public.violation_kind, NULL, NULL
      WHERE r.flagged_by_tencent AND EXISTS (SELECT 1 FROM compliance_rule)
    ) v
    WHERE r.gone_at IS NULL`;
  // Indexed and analyzed: a temp table has no statistics otherwise, and the planner's guess (one row) would turn the
  // anti-joins below into nested loops over a million rows.
  await tx.$executeRaw`CREATE INDEX ON compliance_violation (resource_id)`;
  await tx.$executeRaw`ANALYZE compliance_violation`;
  await tx.$executeRaw`DROP TABLE IF EXISTS pg_temp.compliance_count`;
  await tx.$executeRaw`
    CREATE TEMP TABLE compliance_count ON COMMIT DROP AS
    SELECT resource_id, count(*)::int AS n FROM compliance_violation GROUP BY resource_id`;
  await tx.$executeRaw`ALTER TABLE compliance_count ADD PRIMARY KEY (resource_id)`;
  await tx.$executeRaw`ANALYZE compliance_count`;

  // Diff into resource_violation: drop what is no longer true, add what is new. `key`/`value` are null for some
  // kinds; the kind tells those apart, so '' stands in for null in the comparison (and keeps it a hash join).
  await tx.$executeRaw`
    DELETE FROM public.resource_violation rv
    WHERE NOT EXISTS (
      SELECT 1 FROM compliance_violation cv
      WHERE cv.resource_id = rv.resource_id AND cv.kind = rv.kind
        AND coalesce(cv.key, '') = coalesce(rv.key, '') AND coalesce(cv.value, '') = coalesce(rv.value, '')
    )`;
  await tx.$executeRaw`
    INSERT INTO public.resource_violation (resource_id, account_id, kind, key, value, created_at, updated_at)
    SELECT cv.resource_id, cv.account_id, cv.kind, cv.key, cv.value, ${now}, ${now}
    FROM compliance_violation cv
    WHERE NOT EXISTS (
      SELECT 1 FROM public.resource_violation rv
      WHERE rv.resource_id = cv.resource_id AND rv.kind = cv.kind
        AND coalesce(rv.key, '') = coalesce(cv.key, '') AND coalesce(rv.value, '') = coalesce(cv.value, '')
    )
    ORDER BY cv.resource_id, cv.kind, cv.key`;

  // Counts: only rows whose count changed are written (most of them, after a sync that changed little, are not).
  await tx.$executeRaw`
    UPDATE public.resource r
    SET violation_count = c.n, updated_at = ${now}
    FROM compliance_count c
    WHERE r.id = c.resource_id AND r.violation_count <> c.n`;
  await tx.$executeRaw`
    UPDATE public.resource r
    SET violation_count = 0, updated_at = ${now}
    WHERE r.violation_count <> 0
      AND NOT EXISTS (SELECT 1 FROM compliance_count c WHERE c.resource_id = r.id)`;

  // Rollups: rebuilt whole (tens of thousands of rows against millions of resources).
  await tx.$executeRaw`DELETE FROM public.tag_compliance_rollup`;
  await tx.$executeRaw`
    INSERT INTO public.tag_compliance_rollup (account_id, region, resource_type, resources, compliant, created_at, updated_at)
    SELECT r.account_id, r.region, r.resource_type, count(*)::int, (count(*) FILTER (WHERE r.violation_count = 0))::int, ${now}, ${now}
    FROM public.resource r
    WHERE r.gone_at IS NULL
    GROUP BY r.account_id, r.region, r.resource_type`;

  await tx.$executeRaw`DELETE FROM public.tag_key_compliance_rollup`;
  await tx.$executeRaw`
    INSERT INTO public.tag_key_compliance_rollup (account_id, key, applicable, missing, value_not_allowed, created_at, updated_at)
    SELECT live.account_id, cr.key, live.resources,
           coalesce(found.missing, 0), coalesce(found.value_not_allowed, 0), ${now}, ${now}
    FROM (SELECT account_id, sum(resources)::int AS resources FROM public.tag_compliance_rollup GROUP BY account_id) live
    JOIN public.account a ON a.id = live.account_id
    JOIN compliance_rule cr ON cardinality(cr.environments) = 0 OR a.environment = ANY (cr.environments)
    LEFT JOIN (
      SELECT account_id, key,
             (count(*) FILTER (WHERE kind = 'MISSING_KEY'))::int AS missing,
             (count(*) FILTER (WHERE kind = 'VALUE_NOT_ALLOWED'))::int AS value_not_allowed
      FROM compliance_violation
      WHERE key IS NOT NULL
      GROUP BY account_id, key
    ) found ON found.account_id = live.account_id AND found.key = cr.key`;

  // Today's snapshot per environment, from the fresh rollup: the day's rows are replaced, so an environment that
  // no longer has resources does not keep an earlier figure.
  const day = utcDay(now);
  await tx.$executeRaw`DELETE FROM public.tag_compliance_snapshot WHERE day = ${day}::date`;
  await tx.$executeRaw`
    INSERT INTO public.tag_compliance_snapshot (day, environment, resources, compliant, created_at, updated_at)
    SELECT ${day}::date, a.environment, sum(t.resources)::int, sum(t.compliant)::int, ${now}, ${now}
    FROM public.tag_compliance_rollup t
    JOIN public.account a ON a.id = t.account_id
    GROUP BY a.environment`;

  // Fresh statistics for the tables the dashboard reads: after a large change the planner's old estimates (say, of
  // violations per account) pick sorts over the whole table where an index walk takes milliseconds.
  await tx.$executeRaw`ANALYZE public.resource_violation, public.tag_compliance_rollup, public.tag_key_compliance_rollup`;

  const [totals] = await tx.$queryRaw<{ resources: number; compliant: number }[]>`
    SELECT coalesce(sum(resources), 0)::int AS resources, coalesce(sum(compliant), 0)::int AS compliant
    FROM public.tag_compliance_snapshot WHERE day = ${day}::date`;
  return { resources: totals?.resources ?? 0, compliant: totals?.compliant ?? 0 };
}
