import type { DataClassification, Environment } from "@/lib/core/generated/prisma/enums";

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

/**
 * Environments in the order people think of them, with the lower-case words used in URLs and tags (slug) and the
 * short code the naming convention's {env} placeholder stands for.
 */
export const ENVIRONMENTS = [
  { value: "PROD", slug: "prod", code: "prod", label: "Production" },
  { value: "STAGING", slug: "staging", code: "stg", label: "Staging" },
  { value: "DEV", slug: "dev", code: "dev", label: "Development" },
  { value: "SANDBOX", slug: "sandbox", code: "sbx", label: "Sandbox" },
  { value: "SHARED", slug: "shared", code: "shr", label: "Shared" },
] as const satisfies readonly { value: Environment; slug: string; code: string; label: string }[];

export const ENVIRONMENT_VALUES = ENVIRONMENTS.map((environment) => environment.value) as [Environment, ...Environment[]];

/** The {env} code of an environment in account names. */
export function environmentCode(environment: Environment): string {
  return ENVIRONMENTS.find((candidate) => candidate.value === environment)?.code ?? environment.toLowerCase();
}

/** The value of the "environment" tag for an environment. */
export function environmentSlug(environment: Environment): string {
  return ENVIRONMENTS.find((candidate) => candidate.value === environment)?.slug ?? environment.toLowerCase();
}

export type EnvironmentSlug = (typeof ENVIRONMENTS)[number]["slug"];

/** Data classifications from the least to the most sensitive. */
export const CLASSIFICATIONS = [
  { value: "PUBLIC", label: "Public" },
  { value: "INTERNAL", label: "Internal" },
  { value: "CONFIDENTIAL", label: "Confidential" },
  { value: "RESTRICTED", label: "Restricted" },
] as const satisfies readonly { value: DataClassification; label: string }[];

export const CLASSIFICATION_VALUES = CLASSIFICATIONS.map((classification) => classification.value) as [DataClassification, ...DataClassification[]];
