import { describe, expect, it } from "vitest";
import { parseSessionPolicy, sessionPolicyAllows } from "./policy";
import { TencentError } from "./utils";

const encode = (policy: unknown) => encodeURIComponent(JSON.stringify(policy));
const codeOf = (run: () => unknown) => {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error instanceof TencentError ? error.code : String(error);
  }
};

describe("STS session policies in the emulator", () => {
  const valid = { version: "2.0", statement: [{ effect: "allow", action: ["name/tag:Get*", "cvm:DescribeInstances"], resource: "*" }] };

  it("accepts a URL-encoded CAM policy and keeps its decoded text", () => {
    expect(parseSessionPolicy(encode(valid))).toBe(JSON.stringify(valid));
  });

  it("refuses what STS refuses: bad encoding, not JSON, wrong version, no statements, a principal, unknown or missing elements", () => {
    const refused = (policy: unknown) => codeOf(() => parseSessionPolicy(encode(policy)));
    expect(codeOf(() => parseSessionPolicy("%E0%A4%A"))).toBe("InvalidParameter.StrategyFormatError");
    expect(codeOf(() => parseSessionPolicy("not%20json"))).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ ...valid, version: "1.0" })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: [] })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: valid.statement[0] })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ ...valid, principal: { qcs: ["qcs::cam::uin/1:root"] } })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: [{ ...valid.statement[0], principal: { service: ["cvm.qcloud.com"] } }] })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: [{ Effect: "allow", action: "*", resource: "*" }] })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: [{ effect: "allow", resource: "*" }] })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: [{ effect: "allow", action: "*" }] })).toBe("InvalidParameter.StrategyFormatError");
    expect(refused({ version: "2.0", statement: [{ effect: "permit", action: "*", resource: "*" }] })).toBe("InvalidParameter.StrategyFormatError");
  });

  it("lets credentials call only what an allow matches and no deny does", () => {
    const policy = JSON.stringify({
      version: "2.0",
      statement: [
        { effect: "allow", action: ["name/tag:Get*", "cam:*"], resource: "*" },
        { effect: "deny", action: "cam:List*", resource: "*" },
      ],
    });
    expect(sessionPolicyAllows(policy, "tag", "GetResources")).toBe(true);
    expect(sessionPolicyAllows(policy, "tag", "TagResources")).toBe(false);
    expect(sessionPolicyAllows(policy, "cam", "GetUser")).toBe(true);
    expect(sessionPolicyAllows(policy, "cam", "ListUsers")).toBe(false);
    expect(sessionPolicyAllows(policy, "organization", "DescribeOrganization")).toBe(false);
    expect(sessionPolicyAllows(JSON.stringify({ version: "2.0", statement: [{ effect: "allow", action: "*", resource: "*" }] }), "sts", "GetCallerIdentity")).toBe(true);
  });
});
