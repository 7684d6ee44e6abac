import { TENCENT_NAME_MAX } from "@/lib/account-requests/constants";
import { freePlaceholders } from "@/lib/account-requests/utils";
import { exampleAccountName, sampleParts } from "@/lib/policies/utils";

/** The name a template gives for sample values, with a warning when it is longer than Tencent allows. */
export function NameExample({ template }: { template: string }) {
  const example = exampleAccountName(template);
  const parts = sampleParts(template);
  const typed = freePlaceholders(template);
  return (
    <div className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/50">
      <p>
        Example: <code data-testid="example-name" className="font-mono font-medium">{example}</code>{" "}
        <span className="text-slate-500 dark:text-slate-400">({example.length} characters)</span>
      </p>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        For Production in Singapore
        {typed.length > 0 && <>, with {typed.map((name) => `{${name}} = ${parts[name]}`).join(", ")}</>}. Requesters type{" "}
        {typed.map((name) => `{${name}}`).join(", ")}.
      </p>
      {example.length > TENCENT_NAME_MAX && (
        <p role="status" className="mt-2 text-sm text-amber-800 dark:text-amber-200">
          Warning: this example is {example.length} characters; Tencent Cloud allows at most {TENCENT_NAME_MAX}. Requesters will need short
          parts.
        </p>
      )}
    </div>
  );
}
