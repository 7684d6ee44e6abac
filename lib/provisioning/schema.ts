import { z } from "zod";
import { envInteger, envText } from "@/lib/core/validation";
import { POLICY_TYPES } from "./constants";
import type { BaselinePolicyRef, ProvisioningConfig } from "./types";

const idList = (fallback: string) =>
  envText.pipe(
    z
      .string()
      .default(fallback)
      .transform((text) => text.split(",").map((item) => item.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d+$/, "must be numeric ids").transform(Number)).min(1, "needs at least one id")),
  );

/** "TAG_POLICY:LatticeTagPolicy,SERVICE_CONTROL_POLICY:LatticeBaselineSCP" */
const baselinePolicies = envText.pipe(
  z
    .string()
    .default("TAG_POLICY:LatticeTagPolicy,SERVICE_CONTROL_POLICY:LatticeBaselineSCP")
    .transform((text, context) => {
      const refs: BaselinePolicyRef[] = [];
      for (const item of text.split(",").map((entry) => entry.trim()).filter(Boolean)) {
        const [type, name, ...rest] = item.split(":");
        if (!type || !name || rest.length > 0 || !(POLICY_TYPES as readonly string[]).includes(type)) {
          context.addIssue({ code: "custom", message: `"${item}" must look like ${POLICY_TYPES.join("|")}:<policy name>` });
          return z.NEVER;
        }
        refs.push({ type: type as BaselinePolicyRef["type"], name });
      }
      return refs;
    }),
);

/** The provisioning settings (docs/provisioning.md). Empty values count as unset. */
export const provisioningEnvSchema = z.object({
  PROVISIONING_FINANCE_PERMISSION_IDS: idList("1,2"),
  PROVISIONING_MEMBER_IDENTITY_IDS: idList("1"),
  PROVISIONING_BASELINE_POLICIES: baselinePolicies,
  PROVISIONING_OWNER_ROLE_NAME: envText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,128}$/, "must be 1–128 letters, digits or hyphens")
      .default("LatticeAccountOwner"),
  ),
  /** Tencent allows 900–43,200 s for a CIC role session. */
  PROVISIONING_OWNER_SESSION_SECONDS: envInteger(3600, 900, 43_200),
  PROVISIONING_OWNER_POLICIES: envText.pipe(
    z
      .string()
      .default("QCloudResourceFullAccess")
      .transform((text) => text.split(",").map((item) => item.trim()).filter(Boolean))
      .pipe(z.array(z.string().min(1)).min(1).max(20)),
  ),
  PROVISIONING_CONCURRENCY: envInteger(100, 1, 256),
  PROVISIONING_READINESS_TIMEOUT_SECONDS: envInteger(600, 5, 3600),
});

export type ProvisioningEnv = z.infer<typeof provisioningEnvSchema>;

export function provisioningConfigFromEnv(env: ProvisioningEnv): ProvisioningConfig {
  return {
    financePermissionIds: env.PROVISIONING_FINANCE_PERMISSION_IDS,
    memberIdentityIds: env.PROVISIONING_MEMBER_IDENTITY_IDS,
    baselinePolicies: env.PROVISIONING_BASELINE_POLICIES,
    ownerRole: {
      name: env.PROVISIONING_OWNER_ROLE_NAME,
      sessionDurationSeconds: env.PROVISIONING_OWNER_SESSION_SECONDS,
      systemPolicies: env.PROVISIONING_OWNER_POLICIES,
    },
    concurrency: env.PROVISIONING_CONCURRENCY,
    readinessTimeoutSeconds: env.PROVISIONING_READINESS_TIMEOUT_SECONDS,
    pollIntervalMs: 1_000,
  };
}

/**
 * Reads and validates the provisioning settings from the environment; the only place this domain reads it.
 * Throws a readable list of problems.
 */
export function readProvisioningConfig(source: Record<string, string | undefined> = process.env): ProvisioningConfig {
  const parsed = provisioningEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  }
  return provisioningConfigFromEnv(parsed.data);
}
