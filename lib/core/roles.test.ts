import { describe, expect, it } from "vitest";
import { parseGroupRoles, rolesForGroups, satisfiesMfa } from "./roles";

const mapping = parseGroupRoles("eng=requester,approvers=approver,sec=security,admins=platform-admin,audit=auditor");

describe("parseGroupRoles", () => {
  it("maps groups to one or more roles", () => {
    expect(parseGroupRoles("a=approver,a=security,b=auditor").get("a")).toEqual(["approver", "security"]);
  });

  it('keeps "=" inside group names', () => {
    expect(parseGroupRoles("ou=groups=platform-admin").get("ou=groups")).toEqual(["platform-admin"]);
  });

  it("rejects unknown roles, malformed entries and empty mappings", () => {
    expect(() => parseGroupRoles("admins=root")).toThrow(/not a role/);
    expect(() => parseGroupRoles("admins")).toThrow(/group=role/);
    expect(() => parseGroupRoles(" , ")).toThrow(/no group/);
  });
});

describe("rolesForGroups", () => {
  it("makes every admitted person a requester and adds mapped roles in a stable order", () => {
    expect(rolesForGroups(["admins", "eng"], mapping)).toEqual(["requester", "platform-admin"]);
    expect(rolesForGroups(["audit"], mapping)).toEqual(["requester", "auditor"]);
  });

  it("counts a person with two roles once per role", () => {
    expect(rolesForGroups(["approvers", "sec", "approvers"], mapping)).toEqual(["requester", "approver", "security"]);
  });

  it("denies by default: no known group, no roles at all", () => {
    expect(rolesForGroups(["contractors"], mapping)).toBeNull();
    expect(rolesForGroups([], mapping)).toBeNull();
  });
});

describe("satisfiesMfa", () => {
  const policy = { amrValues: ["otp", "hwk"], acrValues: ["mfa"] };
  it("accepts an MFA method in amr or an MFA acr", () => {
    expect(satisfiesMfa({ amr: ["pwd", "otp"], acr: null }, policy)).toBe(true);
    expect(satisfiesMfa({ amr: ["pwd"], acr: "mfa" }, policy)).toBe(true);
  });
  it("refuses password-only sign-ins", () => {
    expect(satisfiesMfa({ amr: ["pwd"], acr: "pwd" }, policy)).toBe(false);
    expect(satisfiesMfa({ amr: [], acr: null }, policy)).toBe(false);
  });
});
