import { describe, expect, it } from "vitest";
import { tagDashboardQuerySchema } from "./schema";
import { compliancePercent, evaluateResourceTags, expectedNameShape, followsNamingConvention, formatPercent, namingPattern, tagDashboardHref, tagExportHref, utcDay } from "./utils";

const rules = [
  { key: "owner", allowedValues: [], environments: [] },
  { key: "environment", allowedValues: ["prod", "dev"], environments: [] },
  { key: "cost-center", allowedValues: [], environments: ["PROD" as const] },
];

describe("evaluateResourceTags", () => {
  it("finds nothing wrong with a fully tagged resource", () => {
    expect(evaluateResourceTags(rules, "PROD", { owner: "dana", environment: "prod", "cost-center": "cc1" }, false)).toEqual([]);
  });

  it("reports missing and blank keys, and values outside the allowed list with the value found", () => {
    expect(evaluateResourceTags(rules, "PROD", { owner: "  ", environment: "staging" }, false)).toEqual([
      { kind: "MISSING_KEY", key: "owner", value: null },
      { kind: "VALUE_NOT_ALLOWED", key: "environment", value: "staging" },
      { kind: "MISSING_KEY", key: "cost-center", value: null },
    ]);
  });

  it("applies environment-scoped rules only in their environments", () => {
    expect(evaluateResourceTags(rules, "DEV", { owner: "dana", environment: "dev" }, false)).toEqual([]);
  });

  it("compares allowed values after trimming, as the request form does", () => {
    expect(evaluateResourceTags(rules, "DEV", { owner: "dana", environment: " dev " }, false)).toEqual([]);
  });

  it("adds Tencent's flag as its own violation", () => {
    expect(evaluateResourceTags(rules, "DEV", { owner: "dana", environment: "dev" }, true)).toEqual([{ kind: "FLAGGED_BY_TENCENT", key: null, value: null }]);
  });

  it("treats everything as compliant when no policy is in force", () => {
    expect(evaluateResourceTags([], "PROD", {}, true)).toEqual([]);
  });
});

describe("compliancePercent", () => {
  it("is null with nothing to measure", () => {
    expect(compliancePercent(0, 0)).toBeNull();
  });
  it("rounds down to one decimal so 100 means all", () => {
    expect(compliancePercent(9_999, 10_000)).toBe(99.9);
    expect(compliancePercent(10_000, 10_000)).toBe(100);
    expect(compliancePercent(2, 3)).toBe(66.6);
    expect(compliancePercent(1, 3)).toBe(33.3);
  });
  it("shows 0 only when nothing is compliant", () => {
    expect(compliancePercent(0, 5)).toBe(0);
    expect(compliancePercent(1, 1_000_000)).toBe(0.1);
  });
  it("formats with a unit, or a dash", () => {
    expect(formatPercent(97.3)).toBe("97.3 %");
    expect(formatPercent(100)).toBe("100.0 %");
    expect(formatPercent(null)).toBe("—");
  });
});

describe("namingPattern", () => {
  const template = "{product}-{env}-{region}-{descriptor}";
  it("fills {env} with the environment's code and {region} with any region code", () => {
    expect(namingPattern(template, "PROD")).toBe("^[a-z0-9]+-prod-(sg|jk|bk|tyo|sel|hk|fra|ash|sv|sp)-[a-z0-9]+$");
  });
  it("accepts names the request form makes and refuses others", () => {
    expect(followsNamingConvention(template, "PROD", "shop-prod-sg-web")).toBe(true);
    expect(followsNamingConvention(template, "STAGING", "shop-stg-fra-api")).toBe(true);
    expect(followsNamingConvention(template, "DEV", "shop-prod-sg-web")).toBe(false);
    expect(followsNamingConvention(template, "PROD", "Shop-prod-sg-web")).toBe(false);
    expect(followsNamingConvention(template, "PROD", "shop-prod-xx-web")).toBe(false);
    expect(followsNamingConvention(template, "PROD", "legacy account")).toBe(false);
  });
  it("escapes literal text that is special in regular expressions", () => {
    const dotted = "{team}.{env}+[x]";
    expect(followsNamingConvention(dotted, "DEV", "core.dev+[x]")).toBe(true);
    expect(followsNamingConvention(dotted, "DEV", "coreXdev+[x]")).toBe(false);
  });
  it("describes the expected shape", () => {
    expect(expectedNameShape(template, "SANDBOX")).toBe("{product}-sbx-{region}-{descriptor}");
  });
});

describe("URLs", () => {
  const query = tagDashboardQuerySchema.parse({ environment: "prod", page: "3" });
  it("keep filters and leave defaults out", () => {
    expect(tagDashboardHref(query)).toBe("/dashboards/tags?environment=prod&page=3");
    expect(tagDashboardHref(query, { page: 1 })).toBe("/dashboards/tags?environment=prod");
  });
  it("export carries the filters but not the pages", () => {
    expect(tagExportHref(query)).toBe("/api/dashboards/tags/export?environment=prod");
    expect(tagExportHref(query, "account")).toBe("/api/dashboards/tags/export?environment=prod&table=account");
  });
  it("keys a snapshot by the UTC day", () => {
    expect(utcDay(new Date("2026-11-29T23:59:59+00:00"))).toBe("2026-11-29");
    expect(utcDay(new Date("2026-11-30T01:00:00+02:00"))).toBe("2026-11-29");
  });
});
