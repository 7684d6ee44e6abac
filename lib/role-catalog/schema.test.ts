import { describe, expect, it } from "vitest";
import { camPolicyDocumentSchema, createRoleInput, maxDurationSchema, policyDocumentText, policyTextProblems, resourceProblem, roleContentSchema } from "./schema";
import { DEMO_CATALOG_ROLES } from "./constants";

const READ_ONLY = {
  version: "2.0",
  statement: [{ effect: "allow", action: ["cvm:Describe*", "name/monitor:GetMonitorData"], resource: "*" }],
};

function messages(document: unknown): string[] {
  const parsed = camPolicyDocumentSchema.safeParse(document);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

describe("CAM policy grammar", () => {
  it("accepts allow and deny statements with actions, qcs resources and conditions", () => {
    expect(messages(READ_ONLY)).toEqual([]);
    expect(
      messages({
        version: "2.0",
        statement: [
          { effect: "allow", action: "cos:GetObject", resource: ["qcs::cos:ap-singapore:uid/1250000000:prefix//1250000000/bucket/*"] },
          { effect: "deny", action: ["*"], resource: "qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-123", condition: { ip_not_equal: { "qcs:ip": ["10.0.0.0/8"] } } },
          { effect: "allow", action: "cvm:*", resource: "qcs::cvm:::instance/*", condition: { "for_any_value:string_equal": { "qcs:resource_tag": ["env&dev"] }, date_less_than_if_exist: { "qcs:current_time": "2027-01-01T00:00:00Z" } } },
        ],
      }),
    ).toEqual([]);
  });

  it("requires version 2.0 and a non-empty statement list, in lower case, with no other elements", () => {
    expect(messages({ version: "1.0", statement: READ_ONLY.statement })).toEqual(['"version" must be "2.0".']);
    expect(messages({ version: "2.0", statement: [] })).toEqual(['"statement" must be a non-empty list of permission entries.']);
    expect(messages({ Version: "2.0", statement: READ_ONLY.statement })).toEqual(['"Version" is not a policy element: only "version" and "statement" (lower case).', '"version" must be "2.0".']);
    expect(messages([])).toEqual(['A policy is a JSON object: {"version":"2.0","statement":[…]}.']);
  });

  it("names the statement and field of each problem", () => {
    const result = camPolicyDocumentSchema.safeParse({
      version: "2.0",
      statement: [READ_ONLY.statement[0], { effect: "Allow", action: ["cvm:DescribeInstances", "DescribeInstances"], resource: "cvm::instance/*", principal: { qcs: ["x"] } }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["statement.1.principal", 'Statement 2: "principal" is only for role trust policies.'],
      ["statement.1.effect", 'Statement 2: "effect" must be "allow" or "deny".'],
      ["statement.1.action.1", 'Statement 2: action "DescribeInstances" is not of the form service:Action (e.g. cvm:DescribeInstances, cvm:Describe*) or *.'],
      ["statement.1.resource", 'Statement 2: resource "cvm::instance/*" is not * or of the form qcs::service:region:uin/<uin>:type/id.'],
    ]);
  });

  it("requires action and resource, as a string or a non-empty list", () => {
    expect(messages({ version: "2.0", statement: [{ effect: "allow", resource: "*" }] })).toEqual(['Statement 1: "action" must be a string or a non-empty list of strings.']);
    expect(messages({ version: "2.0", statement: [{ effect: "allow", action: "cvm:*", resource: [] }] })).toEqual(['Statement 1: "resource" must be a string or a non-empty list of strings.']);
    expect(messages({ version: "2.0", statement: [{ effect: "allow", action: [1], resource: "*" }] })).toEqual(['Statement 1: every "action" entry must be a string.']);
  });

  it("checks each part of a qcs resource", () => {
    expect(resourceProblem("*")).toBeNull();
    expect(resourceProblem("qcs::cvm:ap-singapore:uin/100000000001:instance/*")).toBeNull();
    expect(resourceProblem("qcs::cam::uin/100000000001:root")).toBeNull();
    expect(resourceProblem("qcs::CVM::uin/1:instance/*")).toMatch(/service "CVM"/);
    expect(resourceProblem("qcs::cvm:Singapore:uin/1:instance/*")).toMatch(/region "Singapore"/);
    expect(resourceProblem("qcs::cvm::account/1:instance/*")).toMatch(/account "account\/1"/);
    expect(resourceProblem("qcs::cvm::uin/1:")).toMatch(/no resource/);
    expect(resourceProblem("arn:aws:s3:::bucket")).toMatch(/not \* or of the form/);
  });

  it("checks condition operators, keys and values", () => {
    const statement = (condition: unknown) => ({ version: "2.0", statement: [{ effect: "allow", action: "cvm:*", resource: "*", condition }] });
    expect(messages(statement({ ip_equal: { "qcs:ip": "10.0.0.0/8" } }))).toEqual([]);
    expect(messages(statement({ string_equals: { "qcs:ip": "x" } }))).toEqual(['Statement 1: "string_equals" is not a CAM condition operator (e.g. string_equal, ip_equal, date_less_than).']);
    expect(messages(statement({ string_equal: { ip: "x" } }))).toEqual(['Statement 1: condition key "ip" is not of the form qcs:ip or service:key.']);
    expect(messages(statement({ string_equal: { "qcs:ip": [] } }))).toEqual(['Statement 1: condition "string_equal" › "qcs:ip" needs a value or a non-empty list of strings, numbers or booleans.']);
    expect(messages(statement({}))).toEqual(['Statement 1: "condition" must be an object of operator → key → value(s).']);
    expect(messages(statement({ string_equal: "x" }))).toEqual(['Statement 1: condition "string_equal" must map condition keys to values.']);
  });

  it("limits statements and the document to Cloud Identity Center's 4,096 characters", () => {
    const many = { version: "2.0", statement: Array.from({ length: 21 }, () => READ_ONLY.statement[0]) };
    expect(messages(many)).toEqual(["At most 20 statements in one policy."]);
    const long = { version: "2.0", statement: [{ effect: "allow", action: Array.from({ length: 50 }, (_, index) => `cvm:DescribeSomethingRatherLong${index}Name`), resource: Array.from({ length: 50 }, (_, index) => `qcs::cvm:ap-singapore:uin/100000000001:instance/ins-${index}`) }] };
    expect(messages(long)[0]).toMatch(/characters as compact JSON; Cloud Identity Center takes at most 4096/);
  });
});

describe("policy document text", () => {
  it("parses JSON text and stores it compact", () => {
    expect(policyDocumentText.parse(JSON.stringify(READ_ONLY, null, 2))).toBe(JSON.stringify(READ_ONLY));
  });

  it("reports text that is not JSON, or empty, in one message", () => {
    expect(policyTextProblems('{"version": "2.0",')).toEqual([expect.stringMatching(/^Not valid JSON: /)]);
    expect(policyTextProblems("  ")).toEqual(['Enter a policy document, e.g. {"version":"2.0","statement":[…]}.']);
    expect(policyTextProblems(JSON.stringify(READ_ONLY))).toEqual([]);
  });
});

describe("maximum duration", () => {
  it("is whole minutes within Tencent's 900–43,200 seconds", () => {
    expect(maxDurationSchema.safeParse(900).success).toBe(true);
    expect(maxDurationSchema.safeParse(43_200).success).toBe(true);
    expect(maxDurationSchema.safeParse(3_600).success).toBe(true);
    expect(maxDurationSchema.safeParse(899).error?.issues[0]?.message).toMatch(/At least 15 minutes/);
    expect(maxDurationSchema.safeParse(43_260).error?.issues[0]?.message).toMatch(/At most 12 hours/);
    expect(maxDurationSchema.safeParse(3_601).error?.issues[0]?.message).toBe("Use whole minutes.");
    expect(maxDurationSchema.safeParse(1_000.5).success).toBe(false);
  });
});

const CONTENT = {
  name: "Database read-only",
  description: "Read the databases of an account during an incident.",
  policyDocuments: [JSON.stringify(READ_ONLY)],
  environments: ["PROD", "DEV"],
  maxDurationSeconds: 3600,
  approvalsRequired: 1,
  reviewers: ["APPROVER", "SECURITY"],
  securityForProd: true,
  breakGlassAllowed: false,
};

describe("role content", () => {
  it("accepts a complete role", () => {
    expect(roleContentSchema.safeParse(CONTENT).success).toBe(true);
    expect(createRoleInput.safeParse({ slug: "db-read-only", content: CONTENT, changeNote: "First version" }).success).toBe(true);
  });

  it("keys policy problems by document and statement", () => {
    const result = roleContentSchema.safeParse({ ...CONTENT, policyDocuments: [JSON.stringify(READ_ONLY), '{"version":"2.0","statement":[{"effect":"allow","action":"x","resource":"*"}]}'] });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["policyDocuments.1.statement.0.action"]);
  });

  it("needs security among the reviewers when production requires it, and each value once", () => {
    expect(roleContentSchema.safeParse({ ...CONTENT, reviewers: ["APPROVER"] }).error?.issues[0]?.message).toMatch(/Production needs a security reviewer/);
    expect(roleContentSchema.safeParse({ ...CONTENT, reviewers: ["APPROVER"], environments: ["DEV"] }).success).toBe(true);
    expect(roleContentSchema.safeParse({ ...CONTENT, environments: ["DEV", "DEV"] }).error?.issues[0]?.message).toBe("Name each value once.");
  });

  it("refuses markup in free text, bad slugs and out-of-range approvals", () => {
    expect(roleContentSchema.safeParse({ ...CONTENT, name: "<b>x</b>" }).success).toBe(false);
    expect(roleContentSchema.safeParse({ ...CONTENT, approvalsRequired: 4 }).success).toBe(false);
    for (const slug of ["DB", "db--read", "-db", "1db", "db_read"]) {
      expect(createRoleInput.safeParse({ slug, content: CONTENT, changeNote: "First version" }).success, slug).toBe(false);
    }
  });
});

describe("the demo's starter catalog", () => {
  it("passes the same validation as an admin's roles", () => {
    for (const role of DEMO_CATALOG_ROLES) expect(createRoleInput.safeParse({ ...role, changeNote: "Starter catalog" }).error?.issues ?? []).toEqual([]);
  });
});
