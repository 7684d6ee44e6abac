import { describe, expect, it } from "vitest";
import { latestActivity, parseResourceName, parseTencentTime, tagMap } from "./utils";

describe("six-segment resource names", () => {
  it("splits service, region, account, type and id", () => {
    expect(parseResourceName("qcs::cvm:ap-singapore:uin/100012345678:instance/ins-abc123")).toEqual({
      service: "cvm",
      region: "ap-singapore",
      uin: "100012345678",
      resourceType: "cvm:instance",
      resourceId: "ins-abc123",
    });
  });

  it("takes the account without `uin/` (as GetResources writes it) and an empty region (a global resource)", () => {
    expect(parseResourceName("qcs::cam::100012345678:role/4611686018427397920")).toMatchObject({ service: "cam", region: "", uin: "100012345678", resourceType: "cam:role" });
  });

  it("keeps everything after the first slash of the last segment as the id", () => {
    expect(parseResourceName("qcs::cos:ap-guangzhou:uin/1250000000:prefix/1250000000/examplebucket/*")).toMatchObject({
      resourceType: "cos:prefix",
      resourceId: "1250000000/examplebucket/*",
    });
  });

  it("refuses what is not a six-segment name", () => {
    for (const name of ["", "qcs::cvm:ap-singapore:uin/1:instance", "qcs::cvm:ap-singapore:uin/abc:instance/ins-1", "arn:aws:ec2:us-east-1:1:instance/i-1", "qcs:cvm:ap-singapore:uin/1:instance/ins-1"]) {
      expect(parseResourceName(name), name).toBeNull();
    }
  });
});

describe("Tencent times", () => {
  it("reads date-times and dates as UTC, epoch seconds as such, and nothing from empty or zero values", () => {
    expect(parseTencentTime("2026-11-01 08:30:00")?.toISOString()).toBe("2026-11-01T08:30:00.000Z");
    expect(parseTencentTime("2026-11-01")?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseTencentTime(1_780_000_000)?.toISOString()).toBe(new Date(1_780_000_000_000).toISOString());
    for (const empty of ["", 0, null, undefined, "0000-00-00 00:00:00", "not a time"]) expect(parseTencentTime(empty), String(empty)).toBeNull();
  });
});

describe("latest activity", () => {
  const now = new Date("2026-11-29T12:00:00Z");

  it("is the newest of console sign-ins and access-key use", () => {
    const activity = latestActivity(
      {
        logins: ["2026-10-01 10:00:00", "", "2026-11-20 09:00:00"],
        keys: [
          { LastSecretUsedDate: Math.floor(Date.parse("2026-11-25T06:00:00Z") / 1000), LastUsedDate: "2026-11-25" },
          { LastSecretUsedDate: 0, LastUsedDate: "" },
        ],
      },
      now,
    );
    expect(activity?.toISOString()).toBe("2026-11-25T06:00:00.000Z");
  });

  it("falls back to a key's LastUsedDate day when Tencent gives no exact time", () => {
    expect(latestActivity({ logins: ["2026-11-01 10:00:00"], keys: [{ LastSecretUsedDate: 0, LastUsedDate: "2026-11-27" }] }, now)?.toISOString()).toBe(
      "2026-11-27T00:00:00.000Z",
    );
  });

  it("is null when nothing was ever used, and never later than now", () => {
    expect(latestActivity({ logins: ["", null], keys: [{ LastSecretUsedDate: 0, LastUsedDate: "" }] }, now)).toBeNull();
    expect(latestActivity({ logins: [], keys: [] }, now)).toBeNull();
    expect(latestActivity({ logins: ["2027-01-01 00:00:00"], keys: [] }, now)?.toISOString()).toBe(now.toISOString());
  });
});

describe("tag lists", () => {
  it("become a map, the last value of a repeated key winning", () => {
    expect(tagMap([{ TagKey: "owner", TagValue: "a" }, { TagKey: "env", TagValue: "dev" }, { TagKey: "owner", TagValue: "b" }, { TagValue: "x" }])).toEqual({ owner: "b", env: "dev" });
    expect(tagMap(undefined)).toEqual({});
  });
});
