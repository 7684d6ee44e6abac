import { z } from "zod";
import { envText } from "@/lib/core/validation";
import { DEFAULT_MEMBER_ROLE_NAME, DEFAULT_REGION } from "./constants";
import type { TencentCloudConfig } from "./types";

/** `{"organization.ListUsers": 10}`: per-action limits overriding the documented ones. */
const rateLimitOverrides = envText.pipe(
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "must be a JSON object" });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(/^[a-z]+\.[A-Za-z]+$/, "keys look like service.Action"), z.number().positive()))
    .optional(),
);

/** The environment variables of the Tencent Cloud gateway. Empty values count as unset. */
export const tencentEnvSchema = z.object({
  TENCENTCLOUD_SECRET_ID: z.string().min(1, "is required"),
  TENCENTCLOUD_SECRET_KEY: z.string().min(1, "is required"),
  TENCENTCLOUD_SESSION_TOKEN: envText,
  TENCENTCLOUD_SITE: envText.pipe(z.enum(["intl", "china"]).default("intl")),
  TENCENTCLOUD_REGION: envText.pipe(z.string().default(DEFAULT_REGION)),
  TENCENTCLOUD_ROLE_ARN: envText.pipe(
    z
      .string()
      .regex(/^qcs::cam::uin\/\d+:roleName\/[\w+=,.@-]+$/, "must look like qcs::cam::uin/<uin>:roleName/<name>")
      .optional(),
  ),
  TENCENTCLOUD_ROLE_SESSION_NAME: envText,
  TENCENTCLOUD_MEMBER_ROLE_NAME: envText.pipe(z.string().default(DEFAULT_MEMBER_ROLE_NAME)),
  TENCENTCLOUD_RATE_LIMITS: rateLimitOverrides,
  TENCENTCLOUD_EMULATOR_PORT: envText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number")
      .transform(Number)
      .optional(),
  ),
});

export type TencentEnv = z.infer<typeof tencentEnvSchema>;

/** Gateway configuration from validated environment values (the caller reads the environment). */
export function tencentConfigFromEnv(env: TencentEnv): TencentCloudConfig {
  return {
    credentials: {
      secretId: env.TENCENTCLOUD_SECRET_ID,
      secretKey: env.TENCENTCLOUD_SECRET_KEY,
      sessionToken: env.TENCENTCLOUD_SESSION_TOKEN,
    },
    site: env.TENCENTCLOUD_SITE,
    region: env.TENCENTCLOUD_REGION,
    portalRole: env.TENCENTCLOUD_ROLE_ARN
      ? { roleArn: env.TENCENTCLOUD_ROLE_ARN, sessionName: env.TENCENTCLOUD_ROLE_SESSION_NAME }
      : undefined,
    memberRoleName: env.TENCENTCLOUD_MEMBER_ROLE_NAME,
    rateLimits: env.TENCENTCLOUD_RATE_LIMITS as TencentCloudConfig["rateLimits"],
    emulator: env.TENCENTCLOUD_EMULATOR_PORT ? { port: env.TENCENTCLOUD_EMULATOR_PORT } : undefined,
  };
}

/** Where the process stands with Tencent Cloud: not configured, configured wrongly (each problem named), or ready. */
export type TencentSettings =
  | { status: "unset" }
  | { status: "invalid"; problems: { variable: string; problem: string }[] }
  | { status: "ok"; config: TencentCloudConfig };

/**
 * The gateway settings from the environment (the process's by default): unset while TENCENTCLOUD_SECRET_ID is,
 * so a portal without Tencent still starts; otherwise validated as a whole.
 */
export function readTencentSettings(source: Record<string, string | undefined> = process.env): TencentSettings {
  if (!source.TENCENTCLOUD_SECRET_ID) return { status: "unset" };
  const parsed = tencentEnvSchema.safeParse(source);
  if (!parsed.success) {
    return { status: "invalid", problems: parsed.error.issues.map((issue) => ({ variable: issue.path.join("."), problem: issue.message })) };
  }
  return { status: "ok", config: tencentConfigFromEnv(parsed.data) };
}
