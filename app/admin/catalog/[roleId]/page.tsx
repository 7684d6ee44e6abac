import type { Metadata } from "next";
import Link from "next/link";
import { CARD_CLASS } from "@/components/policies/labels";
import { CicStatus } from "@/components/role-catalog/cic-status";
import { STATUS_LABEL } from "@/components/role-catalog/labels";
import { RoleForm } from "@/components/role-catalog/role-form";
import { RoleHistory } from "@/components/role-catalog/role-history";
import { StatusButton } from "@/components/role-catalog/version-buttons";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { loadCatalogRole } from "@/lib/role-catalog/loaders";

export const metadata: Metadata = { title: "Catalog role" };

export default async function CatalogRolePage({ params }: { params: Promise<{ roleId: string }> }) {
  const { roleId } = await params;
  const { canEdit, mfa, role, current, history } = await loadCatalogRole(roleId);
  const active = role.status === "ACTIVE";
  return (
    <>
      <PageHeader title={current.content.name} description={current.content.description}>
        <Link href="/admin/catalog" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          All roles
        </Link>
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono">{role.slug}</span>
        <Badge tone={STATUS_LABEL[role.status].tone}>{STATUS_LABEL[role.status].label}</Badge>
        <Badge tone="success">Version {current.version} in force</Badge>
        <CicStatus cic={current.cic} detailed />
      </div>
      {canEdit && !mfa && (
        <Notice title="Publishing needs MFA">
          Confirm with MFA <Link href={`/signin/step-up?callbackUrl=${encodeURIComponent(`/admin/catalog/${role.id}`)}`} className="font-medium underline">before you edit</Link>, so
          your changes are not lost on the way.
        </Notice>
      )}
      {canEdit && (
        <section aria-labelledby="editor-heading" className={`${CARD_CLASS} space-y-4`}>
          <h2 id="editor-heading" className="text-lg font-semibold">
            {active ? "Publish a new version" : "Retired"}
          </h2>
          {active ? (
            <RoleForm key={current.version} mode="publish" roleId={role.id} slug={role.slug} current={{ version: current.version, content: current.content }} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">A retired role cannot be requested. Reactivate it to publish or roll back.</p>
          )}
          <StatusButton roleId={role.id} baseVersion={role.currentVersion} status={role.status} />
        </section>
      )}
      <RoleHistory roleId={role.id} history={history} canEdit={canEdit} active={active} />
    </>
  );
}
