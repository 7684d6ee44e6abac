import type { Environment } from "@/lib/core/generated/prisma/enums";

/** Tencent Cloud International regions Lattice offers, with the short code used in account names. */
export const REGIONS = [
  { id: "ap-singapore", code: "sg", name: "Singapore" },
  { id: "ap-jakarta", code: "jk", name: "Jakarta" },
  { id: "ap-bangkok", code: "bk", name: "Bangkok" },
  { id: "ap-tokyo", code: "tyo", name: "Tokyo" },
  { id: "ap-seoul", code: "sel", name: "Seoul" },
  { id: "ap-hongkong", code: "hk", name: "Hong Kong" },
  { id: "eu-frankfurt", code: "fra", name: "Frankfurt" },
  { id: "na-ashburn", code: "ash", name: "Virginia" },
  { id: "na-siliconvalley", code: "sv", name: "Silicon Valley" },
  { id: "sa-saopaulo", code: "sp", name: "São Paulo" },
] as const;

export type RegionId = (typeof REGIONS)[number]["id"];
export const REGION_IDS = REGIONS.map((region) => region.id) as [RegionId, ...RegionId[]];

/** Environments in the order people think of them, with the lower-case words used in URLs and tags. */
export const ENVIRONMENTS = [
  { value: "PROD", slug: "prod", label: "Production" },
  { value: "STAGING", slug: "staging", label: "Staging" },
  { value: "DEV", slug: "dev", label: "Development" },
  { value: "SANDBOX", slug: "sandbox", label: "Sandbox" },
  { value: "SHARED", slug: "shared", label: "Shared" },
] as const satisfies readonly { value: Environment; slug: string; label: string }[];

export type EnvironmentSlug = (typeof ENVIRONMENTS)[number]["slug"];
