import { formatPublishedAt } from "@/components/policies/labels";
import { Badge } from "@/components/ui/badge";
import { REVIEWER_LABEL } from "@/lib/role-catalog/constants";
import type { RoleVersionDiff, RoleVersionView } from "@/lib/role-catalog/types";
import { fieldLabel, prettyPolicy } from "@/lib/role-catalog/utils";
import { CicStatus } from "./cic-status";
import { RollbackButton } from "./version-buttons";

const ADDED = "text-emerald-800 dark:text-emerald-300";
const REMOVED = "text-rose-800 dark:text-rose-300";

const FIELD_NAME: Record<RoleVersionDiff["fields"][number]["field"], string> = {
  name: "Name",
  description: "Description",
  environments: "Environments",
  maxDurationSeconds: "Maximum duration",
  approvalsRequired: "Approvals needed",
  reviewers: "Who may approve",
  securityForProd: "Security for production",
  breakGlassAllowed: "Break-glass allowed",
};

function VersionDiff({ diff }: { diff: RoleVersionDiff }) {
  return (
    <div className="mt-2 space-y-2 text-sm">
      <h5 className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Changes from the previous version</h5>
      <ul className="space-y-1">
        {diff.fields.map((change) => (
          <li key={change.field}>
            {FIELD_NAME[change.field]}: <del className={REMOVED}>{change.before}</del> → <ins className={`no-underline ${ADDED}`}>{change.after}</ins>
          </li>
        ))}
      </ul>
      {diff.policies.map((policy) => (
        <div key={policy.index}>
          <p>Policy document {policy.index + 1}:</p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
            {policy.lines.map((line, index) => (
              <div key={index} className={line.kind === "added" ? ADDED : line.kind === "removed" ? REMOVED : undefined}>
                {line.kind === "added" ? "+ " : line.kind === "removed" ? "− " : "  "}
                {line.text}
              </div>
            ))}
          </pre>
        </div>
      ))}
    </div>
  );
}

/** A role's versions, newest first: who published each and why, what changed, its CIC status, and rollback. */
export function RoleHistory({ roleId, history, canEdit, active }: { roleId: string; history: RoleVersionView[]; canEdit: boolean; active: boolean }) {
  const inForce = history[0]?.version ?? 0;
  return (
    <section aria-labelledby="history-heading" className="mt-8">
      <h2 id="history-heading" className="mb-3 text-lg font-semibold">
        History
      </h2>
      <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white p-5 dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {history.map((version) => (
          <li key={version.version} className="py-3 first:pt-0 last:pb-0">
            <article aria-labelledby={`role-v${version.version}`}>
              <h3 id={`role-v${version.version}`} className="flex items-center gap-2 font-medium">
                Version {version.version}
                {version.version === inForce && <Badge tone="success">In force</Badge>}
                {version.restoredFrom !== null && <Badge tone="info">Restores version {version.restoredFrom}</Badge>}
              </h3>
              <p className="text-xs text-slate-500 dark:text-slate-400">
                {version.publishedBy ? (
                  <>
                    Published by <span className="font-medium text-slate-700 dark:text-slate-200">{version.publishedBy.name}</span> ({version.publishedBy.email})
                  </>
                ) : (
                  "Shipped with Lattice"
                )}{" "}
                on <time dateTime={version.publishedAt}>{formatPublishedAt(version.publishedAt)}</time>
              </p>
              <p className="mt-1 text-sm">{version.changeNote}</p>
              <div className="mt-1">
                <CicStatus cic={version.cic} />
              </div>
              {version.diff ? <VersionDiff diff={version.diff} /> : <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">First version.</p>}
              <details className="mt-2">
                <summary className="cursor-pointer text-sm text-sky-700 dark:text-sky-400">All of version {version.version}</summary>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                  {(Object.keys(FIELD_NAME) as (keyof typeof FIELD_NAME)[]).map((field) => (
                    <div key={field} className="contents">
                      <dt className="text-slate-500 dark:text-slate-400">{FIELD_NAME[field]}</dt>
                      <dd>{field === "reviewers" ? version.content.reviewers.map((reviewer) => REVIEWER_LABEL[reviewer]).join(", ") : fieldLabel(field, version.content)}</dd>
                    </div>
                  ))}
                </dl>
                {version.content.policyDocuments.map((document, index) => (
                  <pre key={index} className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
                    {prettyPolicy(document)}
                  </pre>
                ))}
              </details>
              {canEdit && active && version.version !== inForce && <RollbackButton roleId={roleId} baseVersion={inForce} toVersion={version.version} />}
            </article>
          </li>
        ))}
      </ol>
    </section>
  );
}
