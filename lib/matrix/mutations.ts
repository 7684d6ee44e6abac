import "server-only";
import { db } from "@/lib/core/db";
import type { MatrixSnapshot } from "./types";

/** Rows per INSERT: large enough to load a 5,000-account matrix quickly, small enough for PostgreSQL's bind limit. */
const CHUNK_SIZE = 1_000;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    await insert(rows.slice(start, start + CHUNK_SIZE));
  }
}

/**
 * Writes a matrix snapshot. Rows that already exist (same id or unique key) are left as they are, so running it
 * again changes nothing and never overwrites what people changed in the portal since.
 */
export async function writeMatrix(matrix: MatrixSnapshot): Promise<void> {
  const { organization } = matrix;
  await db.$transaction(
    async (tx) => {
      await tx.organization.createMany({ data: [{ ...organization, site: "INTL" }], skipDuplicates: true });
      // Parents come before children in the snapshot, and the tree is inserted in that order.
      await tx.unit.createMany({
        data: matrix.units.map((unit) => ({ ...unit, organizationId: organization.id })),
        skipDuplicates: true,
      });
      await tx.team.createMany({ data: matrix.teams, skipDuplicates: true });
      await tx.user.createMany({ data: matrix.users, skipDuplicates: true });

      await insertInChunks(matrix.accounts, (chunk) =>
        tx.account.createMany({
          data: chunk.map(({ owners: _owners, tags: _tags, ...account }) => ({ ...account, organizationId: organization.id })),
          skipDuplicates: true,
        }),
      );
      const owners = matrix.accounts.flatMap((account) =>
        account.owners.map((owner) => ({ id: `${account.id}_${owner.userId}`, accountId: account.id, ...owner })),
      );
      await insertInChunks(owners, (chunk) => tx.accountOwner.createMany({ data: chunk, skipDuplicates: true }));
      const tags = matrix.accounts.flatMap((account) =>
        account.tags.map((tag) => ({ id: `${account.id}_${tag.key}`, accountId: account.id, ...tag })),
      );
      await insertInChunks(tags, (chunk) => tx.accountTag.createMany({ data: chunk, skipDuplicates: true }));

      // Guardrails start at version 1; later versions are made by admins in the portal.
      await tx.namingConvention.createMany({
        data: [{ id: "naming_v1", version: 1, template: matrix.namingTemplate, description: "Initial convention" }],
        skipDuplicates: true,
      });
      await tx.tagPolicy.createMany({
        data: [{ id: "tag_policy_v1", version: 1, description: "Initial required tags" }],
        skipDuplicates: true,
      });
      await tx.tagPolicyRule.createMany({
        data: matrix.tagRules.map((rule) => ({ id: `tag_policy_v1_${rule.key}`, tagPolicyId: "tag_policy_v1", ...rule })),
        skipDuplicates: true,
      });
    },
    { timeout: 600_000 },
  );
}
