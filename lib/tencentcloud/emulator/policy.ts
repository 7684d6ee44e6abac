import { TencentError } from "./utils";

// STS session policies (AssumeRole `Policy`, tencent-api.md §3 and the CAM grammar of §2.7): URL-encoded JSON,
// version "2.0", a statement list, never a `principal`. No size limit is documented for STS (only the code
// InvalidParameter.PolicyTooLong is), so none is enforced here.

const FORMAT_ERROR = "InvalidParameter.StrategyFormatError";
const STATEMENT_KEYS = new Set(["effect", "action", "resource", "condition"]);

interface Statement {
  effect: "allow" | "deny";
  action: string[];
}

function refuse(message: string): never {
  throw new TencentError(FORMAT_ERROR, message);
}

function asList(value: unknown, element: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === "string" && item.length > 0)) {
    refuse(`Each statement needs \`${element}\`: a string or a non-empty list of strings.`);
  }
  return list as string[];
}

function statementsOf(policy: unknown): Statement[] {
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) refuse("The policy must be a JSON object.");
  const { version, statement, ...rest } = policy as Record<string, unknown>;
  if (Object.keys(rest).some((key) => key === "principal")) refuse("A session policy cannot contain `principal`.");
  if (Object.keys(rest).length > 0) refuse(`Unknown policy element \`${Object.keys(rest)[0]}\` (element names are lowercase).`);
  if (version !== "2.0") refuse('The policy `version` must be "2.0".');
  if (!Array.isArray(statement) || statement.length === 0) refuse("The policy needs a non-empty `statement` list.");
  return statement.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) refuse("Each statement must be a JSON object.");
    const fields = entry as Record<string, unknown>;
    if ("principal" in fields) refuse("A session policy cannot contain `principal`.");
    const unknown = Object.keys(fields).find((key) => !STATEMENT_KEYS.has(key));
    if (unknown) refuse(`Unknown statement element \`${unknown}\` (element names are lowercase).`);
    if (fields.effect !== "allow" && fields.effect !== "deny") refuse("Each statement's `effect` must be allow or deny.");
    asList(fields.resource, "resource");
    return { effect: fields.effect, action: asList(fields.action, "action") };
  });
}

/**
 * Checks an AssumeRole `Policy` the way STS does: it is URL-decoded, then must be a CAM policy (version "2.0", a
 * statement list with effect, action and resource, no principal). Returns the decoded JSON text to keep on the
 * credential; refuses with InvalidParameter.StrategyFormatError.
 */
export function parseSessionPolicy(encoded: string): string {
  let text: string;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    refuse("The policy is not validly URL-encoded.");
  }
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    refuse("The policy is not JSON (is it URL-encoded once?).");
  }
  statementsOf(policy);
  return text;
}

/** A CAM action pattern ("name/cvm:Describe*", "cvm:*", "*") as a matcher of "service:Action". */
function actionMatcher(pattern: string): RegExp {
  const bare = pattern.replace(/^name\//, "");
  const [service, action] = bare === "*" ? ["*", "*"] : bare.split(":");
  const glob = (part: string) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${glob((service ?? "").toLowerCase())}:${glob(action ?? "")}$`);
}

/**
 * Whether a session policy lets its credentials call this action: an explicit deny wins, then some allow must match.
 * The emulator judges actions only (resources and conditions are accepted but not evaluated).
 */
export function sessionPolicyAllows(policyText: string, service: string, action: string): boolean {
  const target = `${service.toLowerCase()}:${action}`;
  const statements = statementsOf(JSON.parse(policyText));
  const matches = (statement: Statement) => statement.action.some((pattern) => actionMatcher(pattern).test(target));
  if (statements.some((statement) => statement.effect === "deny" && matches(statement))) return false;
  return statements.some((statement) => statement.effect === "allow" && matches(statement));
}
