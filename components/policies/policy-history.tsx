import { Badge } from "@/components/ui/badge";
import type { ApprovalPolicyDiff, ApprovalPolicyVersionView, NamingConventionDiff, NamingConventionVersionView, PublishedBy } from "@/lib/policies/types";
import { combinationLabel } from "@/lib/policies/utils";
import { CARD_CLASS, formatPublishedAt, scopeLabel, stagesLabel } from "./labels";
import { RulesList } from "./rules-list";

function Published({ at, by }: { at: string; by: PublishedBy | null }) {
  return (
    <p className="text-xs text-slate-500 dark:text-slate-400">
      {by ? (
        <>
          Published by <span className="font-medium text-slate-700 dark:text-slate-200">{by.name}</span> ({by.email})
        </>
      ) : (
        "Shipped with Lattice"
      )}{" "}
      on <time dateTime={at}>{formatPublishedAt(at)}</time>
    </p>
  );
}

function VersionHeading({ id, title, inForce }: { id: string; title: string; inForce: boolean }) {
  return (
    <h4 id={id} className="flex items-center gap-2 font-medium">
      {title}
      {inForce && <Badge tone="success">In force</Badge>}
    </h4>
  );
}

const ADDED = "text-emerald-800 dark:text-emerald-300";
const REMOVED = "text-rose-800 dark:text-rose-300";

function ApprovalDiff({ diff }: { diff: ApprovalPolicyDiff }) {
  const nothing = diff.rules.length === 0 && !diff.decisionHours;
  return (
    <div className="mt-2 space-y-2 text-sm">
      <h5 className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Changes from the previous version</h5>
      {nothing && <p>Rules reordered only; requests are decided the same way.</p>}
      <ul className="space-y-1">
        {diff.decisionHours && (
          <li>
            Decision time: <del className={REMOVED}>{diff.decisionHours.before} h</del> → <ins className={`no-underline ${ADDED}`}>{diff.decisionHours.after} h</ins>
          </li>
        )}
        {diff.rules.map((change, index) => (
          <li key={index}>
            {change.kind === "added" && (
              <span className={ADDED}>
                + Rule added: {scopeLabel(change.scope)} → {stagesLabel(change.after)}
              </span>
            )}
            {change.kind === "removed" && (
              <span className={REMOVED}>
                − Rule removed: {scopeLabel(change.scope)} → {stagesLabel(change.before)}
              </span>
            )}
            {change.kind === "changed" && (
              <span>
                ~ Rule changed: {scopeLabel(change.scope)}: <del className={REMOVED}>{stagesLabel(change.before)}</del> →{" "}
                <ins className={`no-underline ${ADDED}`}>{stagesLabel(change.after)}</ins>
              </span>
            )}
          </li>
        ))}
      </ul>
      {diff.effects.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm text-sky-700 dark:text-sky-400">
            Effect on requests ({diff.effects.length} kind{diff.effects.length === 1 ? "" : "s"} of request)
          </summary>
          <ul className="mt-1 space-y-0.5 pl-4">
            {diff.effects.map((effect) => (
              <li key={`${effect.environment}-${effect.classification}`}>
                {combinationLabel(effect.environment, effect.classification)}: {stagesLabel(effect.before)} → {stagesLabel(effect.after)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function NamingDiff({ diff }: { diff: NamingConventionDiff }) {
  return (
    <div className="mt-2 space-y-1 text-sm">
      <h5 className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">Changes from the previous version</h5>
      <p className="font-mono">
        <del className={REMOVED}>{diff.before}</del> → <ins className={`no-underline ${ADDED}`}>{diff.after}</ins>
      </p>
      {(diff.addedPlaceholders.length > 0 || diff.removedPlaceholders.length > 0) && (
        <p>
          {diff.addedPlaceholders.length > 0 && <span className={ADDED}>Adds {diff.addedPlaceholders.map((name) => `{${name}}`).join(", ")}. </span>}
          {diff.removedPlaceholders.length > 0 && <span className={REMOVED}>Removes {diff.removedPlaceholders.map((name) => `{${name}}`).join(", ")}.</span>}
        </p>
      )}
    </div>
  );
}

/** Both policies' versions, newest first: who published each, when, why, and what changed from the one before. */
export function PolicyHistory({ approval, naming }: { approval: ApprovalPolicyVersionView[]; naming: NamingConventionVersionView[] }) {
  return (
    <section aria-labelledby="history-heading" className="mt-8">
      <h2 id="history-heading" className="mb-3 text-lg font-semibold">
        History
      </h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="approval-history-heading" className={CARD_CLASS}>
          <h3 id="approval-history-heading" className="mb-3 font-semibold">
            Approval policy versions
          </h3>
          <ol className="divide-y divide-slate-100 dark:divide-slate-800">
            {approval.map((version, index) => (
              <li key={version.version} className="py-3 first:pt-0 last:pb-0">
                <article aria-labelledby={`approval-v${version.version}`}>
                  <VersionHeading id={`approval-v${version.version}`} title={`Approval policy version ${version.version}`} inForce={index === 0} />
                  <Published at={version.publishedAt} by={version.publishedBy} />
                  {version.description && <p className="mt-1 text-sm">{version.description}</p>}
                  {version.diff ? <ApprovalDiff diff={version.diff} /> : <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">First version.</p>}
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm text-sky-700 dark:text-sky-400">All rules of version {version.version}</summary>
                    <div className="mt-1">
                      <RulesList rules={version.rules} />
                      <p className="mt-1 text-sm">Decision time: {version.decisionHours} h</p>
                    </div>
                  </details>
                </article>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="naming-history-heading" className={CARD_CLASS}>
          <h3 id="naming-history-heading" className="mb-3 font-semibold">
            Naming convention versions
          </h3>
          {naming.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No version published yet; requests follow the built-in default.</p>}
          <ol className="divide-y divide-slate-100 dark:divide-slate-800">
            {naming.map((version, index) => (
              <li key={version.version} className="py-3 first:pt-0 last:pb-0">
                <article aria-labelledby={`naming-v${version.version}`}>
                  <VersionHeading id={`naming-v${version.version}`} title={`Naming convention version ${version.version}`} inForce={index === 0} />
                  <Published at={version.publishedAt} by={version.publishedBy} />
                  {version.description && <p className="mt-1 text-sm">{version.description}</p>}
                  {version.diff ? (
                    <NamingDiff diff={version.diff} />
                  ) : (
                    <p className="mt-2 text-sm">
                      First version: <code className="font-mono">{version.template}</code>
                    </p>
                  )}
                </article>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
