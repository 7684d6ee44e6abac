import { describe, expect, it } from "vitest";
import { verifyProfile } from "./profile";
import { parseGroupRoles } from "./roles";

const policy = { groupsClaim: "groups", groupRoles: parseGroupRoles("eng=requester,admins=platform-admin") };
const good = { sub: "abc", email: "Dana@Example.com", name: " Dana ", groups: ["eng"], amr: ["pwd", "otp"], acr: "mfa" };

describe("verifyProfile", () => {
  it("accepts a complete profile and normalizes it", () => {
    expect(verifyProfile(good, policy)).toEqual({
      subject: "abc",
      email: "dana@example.com",
      name: "Dana",
      groups: ["eng"],
      amr: ["pwd", "otp"],
      acr: "mfa",
    });
  });

  it("reads groups from the configured claim", () => {
    const custom = { ...policy, groupsClaim: "roles" };
    expect(verifyProfile({ ...good, groups: undefined, roles: ["admins"] }, custom)).toMatchObject({ groups: ["admins"] });
  });

  it("names what is wrong", () => {
    expect(verifyProfile({ ...good, sub: "" }, policy)).toBe("MissingSubject");
    expect(verifyProfile({ ...good, email: undefined }, policy)).toBe("MissingEmail");
    expect(verifyProfile({ ...good, email: "not-an-email" }, policy)).toBe("MissingEmail");
    expect(verifyProfile({ ...good, groups: "eng" }, policy)).toBe("BadGroups");
    expect(verifyProfile({ ...good, groups: ["eng", 7] }, policy)).toBe("BadGroups");
    expect(verifyProfile({ ...good, groups: ["contractors"] }, policy)).toBe("NoAccess");
    expect(verifyProfile({ ...good, groups: undefined }, policy)).toBe("NoAccess");
  });
});
