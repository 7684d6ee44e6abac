/**
 * Read-only live check against Tencent Cloud with the operator's credentials:
 *   TENCENTCLOUD_SECRET_ID=… TENCENTCLOUD_SECRET_KEY=… npm run tencent:check
 * Calls sts GetCallerIdentity, DescribeOrganization and the first page of units and members. Changes nothing.
 */
import { runTencentCheck } from "@/lib/tencentcloud/check";
import { tencentConfigFromEnv, tencentEnvSchema } from "@/lib/tencentcloud/schema";
import { createTencentGateway } from "@/lib/tencentcloud/service";
import { toAppError } from "@/lib/core/errors";

const parsed = tencentEnvSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
const config = tencentConfigFromEnv(parsed.data);
const target = config.emulator ? `the local emulator on port ${config.emulator.port}` : `Tencent Cloud (${config.site} site)`;
console.log(`Checking ${target}…`);
try {
  await runTencentCheck(createTencentGateway(config), (line) => console.log(line));
  console.log("OK");
} catch (error) {
  const appError = toAppError(error);
  const { tencentCode, requestId } = appError.details;
  console.error(`FAILED: ${appError.message}${tencentCode ? ` [${tencentCode}]` : ""}${requestId ? ` RequestId ${requestId}` : ""}`);
  if (appError.cause instanceof Error) console.error(appError.cause.message);
  process.exit(1);
}
