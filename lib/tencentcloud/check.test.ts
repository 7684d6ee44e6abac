import { afterAll, beforeAll, expect, it } from "vitest";
import { runTencentCheck } from "./check";
import { startTestEmulator } from "./emulator/testing";
import { tencentConfigFromEnv, tencentEnvSchema } from "./schema";
import { createTencentGateway } from "./service";

let context: Awaited<ReturnType<typeof startTestEmulator>>;
beforeAll(async () => {
  context = await startTestEmulator();
});
afterAll(() => context.emulator.close());

it("runs the live check against the emulator, configured from environment values", async () => {
  const env = tencentEnvSchema.parse({
    TENCENTCLOUD_SECRET_ID: context.emulator.credentials.secretId,
    TENCENTCLOUD_SECRET_KEY: context.emulator.credentials.secretKey,
    TENCENTCLOUD_SESSION_TOKEN: "",
    TENCENTCLOUD_EMULATOR_PORT: String(context.emulator.port),
    TENCENTCLOUD_RATE_LIMITS: '{"organization.DescribeOrganizationMembers": 10}',
  });
  const config = tencentConfigFromEnv(env);
  expect(config).toMatchObject({ site: "intl", region: "ap-singapore", memberRoleName: "OrganizationAccessControlRole" });
  const lines: string[] = [];
  const writes: string[] = [];
  const gateway = createTencentGateway(config);
  gateway.onCall((record) => writes.push(record.action));
  await runTencentCheck(gateway, (line) => lines.push(line));
  const { organization, members } = context.emulator.state;
  expect(lines.join("\n")).toContain(`Organization: ${organization.orgId}`);
  expect(lines.join("\n")).toContain(`Member accounts: ${members.length} in total`);
  expect(lines.some((line) => line.includes(String(members[0]?.uin)))).toBe(true);
  expect(writes.every((action) => /^(Describe|Get)/.test(action))).toBe(true);
});

it("rejects malformed settings with messages naming the variable", () => {
  const result = tencentEnvSchema.safeParse({
    TENCENTCLOUD_SECRET_ID: "",
    TENCENTCLOUD_SECRET_KEY: "k",
    TENCENTCLOUD_SITE: "mars",
    TENCENTCLOUD_RATE_LIMITS: "{",
  });
  expect(result.success).toBe(false);
  const fields = result.error?.issues.map((issue) => issue.path.join("."));
  expect(fields).toEqual(expect.arrayContaining(["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SITE", "TENCENTCLOUD_RATE_LIMITS"]));
});
