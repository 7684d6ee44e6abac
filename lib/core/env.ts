import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { parseSigningKey } from "./audit-checkpoint";
import { parseGroupRoles } from "./roles";

const commaList = z
  .string()
  .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean));

const groupRoles = z.string().transform((value, ctx) => {
  try {
    return parseGroupRoles(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

const seconds = z.coerce.number().int().positive();

const signingKey = z.string().transform((value, ctx) => {
  try {
    return parseSigningKey(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `must be an Ed25519 private key in PEM (${error instanceof Error ? error.message : error})` });
    return z.NEVER;
  }
});

const postgresUrl = z
  .url({ message: "must be a URL such as postgresql://user@127.0.0.1:5432/lattice" })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: "must start with postgresql:// or postgres://",
  });

/**
 * The portal's configuration, validated once when the server starts (see instrumentation.ts).
 * A missing or malformed variable stops the process with a message that names it.
 * Nothing else in the code base reads process.env.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Any PostgreSQL ≤ 17. The launch scripts set it to the embedded server when it is unset. */
    DATABASE_URL: postgresUrl,
    /** Connections in this process's database pool (unset: pg's default, 10). Size the worker's for its job concurrency. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Signs and encrypts the session cookie; at least 32 random characters (`openssl rand -base64 32`). */
    AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters (openssl rand -base64 32)" }),
    /** OpenID Connect issuer of the identity provider, e.g. https://login.example.com/realms/lattice */
    AUTH_OIDC_ISSUER: z.url(),
    AUTH_OIDC_CLIENT_ID: z.string().min(1),
    AUTH_OIDC_CLIENT_SECRET: z.string().min(1),
    AUTH_OIDC_SCOPE: z.string().default("openid email profile groups"),
    /** Name of the ID-token claim that lists the person's groups. */
    AUTH_GROUPS_CLAIM: z.string().min(1).default("groups"),
    /** IdP groups → Lattice roles: "group=role,group=role". People in none of these groups cannot sign in. */
    AUTH_GROUP_ROLES: groupRoles,
    /** `amr` values that count as MFA. */
    AUTH_MFA_AMR: commaList.default(["mfa", "otp", "hwk", "swk", "totp", "sms"]),
    /** `acr` values that count as MFA (empty: only `amr` decides). */
    AUTH_MFA_ACR: commaList.default(["mfa"]),
    /** `acr_values` Lattice asks the IdP for when it needs a step-up to MFA. */
    AUTH_STEP_UP_ACR_VALUES: z.string().min(1).default("mfa"),
    /** Absolute session lifetime and idle timeout, in seconds. */
    AUTH_SESSION_MAX_AGE: seconds.default(8 * 3600),
    AUTH_SESSION_IDLE_TIMEOUT: seconds.default(30 * 60),
    /** Ed25519 private key (PEM) that signs audit checkpoints; without it no checkpoints are made. */
    AUDIT_SIGNING_KEY: signingKey.optional(),
    /** How often the worker signs the head of the audit chain. */
    AUDIT_CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** Hours an access request may wait for its reviews before it expires (1 hour to 14 days). */
    ACCESS_REVIEW_HOURS: z.coerce.number().int().min(1).max(336).default(24),
    /** Seconds a computed dashboard is served again for the same filters (0: compute every request). */
    DASHBOARD_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  },
  client: {},
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX,
    LOG_LEVEL: process.env.LOG_LEVEL,
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTH_OIDC_ISSUER: process.env.AUTH_OIDC_ISSUER,
    AUTH_OIDC_CLIENT_ID: process.env.AUTH_OIDC_CLIENT_ID,
    AUTH_OIDC_CLIENT_SECRET: process.env.AUTH_OIDC_CLIENT_SECRET,
    AUTH_OIDC_SCOPE: process.env.AUTH_OIDC_SCOPE,
    AUTH_GROUPS_CLAIM: process.env.AUTH_GROUPS_CLAIM,
    AUTH_GROUP_ROLES: process.env.AUTH_GROUP_ROLES,
    AUTH_MFA_AMR: process.env.AUTH_MFA_AMR,
    AUTH_MFA_ACR: process.env.AUTH_MFA_ACR,
    AUTH_STEP_UP_ACR_VALUES: process.env.AUTH_STEP_UP_ACR_VALUES,
    AUTH_SESSION_MAX_AGE: process.env.AUTH_SESSION_MAX_AGE,
    AUTH_SESSION_IDLE_TIMEOUT: process.env.AUTH_SESSION_IDLE_TIMEOUT,
    AUDIT_SIGNING_KEY: process.env.AUDIT_SIGNING_KEY,
    AUDIT_CHECKPOINT_INTERVAL_MINUTES: process.env.AUDIT_CHECKPOINT_INTERVAL_MINUTES,
    ACCESS_REVIEW_HOURS: process.env.ACCESS_REVIEW_HOURS,
    DASHBOARD_CACHE_SECONDS: process.env.DASHBOARD_CACHE_SECONDS,
  },
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const lines = issues.map((issue) => {
      const problem = /received undefined/.test(issue.message) ? "is not set" : issue.message;
      return `  - ${issue.path?.map(String).join(".") ?? "?"}: ${problem}`;
    });
    const message = `Invalid Lattice configuration:\n${lines.join("\n")}\nSee README.md, "Configuration".`;
    throw new Error(message);
  },
});
