import { AppError } from "@/lib/core/errors";
import { listCicUsers } from "./pagination";
import type { AccountScope } from "./types";
import { sleep } from "./utils";

// Cloud Identity Center building blocks shared by every domain that gives people access through CIC
// (owners at provisioning, just-in-time grants): the zone, a person's CIC user, and waiting for an async task.

function tencentCodeOf(error: unknown): string {
  return (error instanceof AppError ? error.details.tencentCode : undefined) ?? "";
}

/** A rejection we detect ourselves, reported the way the gateway reports Tencent's (code kept for classification). */
function rejection(code: "VALIDATION" | "UPSTREAM", tencentCode: string, message: string): AppError {
  return new AppError(code, message, { tencentCode }, { cause: new Error(message) });
}

/** The organization's CIC zone (space) id; a VALIDATION error when Cloud Identity Center is not enabled. */
export async function describeCicZoneId(scope: AccountScope): Promise<string> {
  const { ZoneId } = await scope.organization("DescribeIdentityCenter", null);
  if (!ZoneId) throw rejection("VALIDATION", "FailedOperation.ZoneIdNotExist", "Cloud Identity Center is not enabled for the organization.");
  return ZoneId;
}

/** A CIC user name for a person: their email, restricted to the characters CIC allows (letters, digits, +=,.@_-). */
export function cicUserName(email: string): string {
  return email.replace(/[^A-Za-z0-9+=,.@_-]/g, "_").slice(0, 64);
}

/** The CIC user whose email is this one (case-insensitive), if the zone has one. */
export async function findCicUserId(scope: AccountScope, zoneId: string, email: string): Promise<string | undefined> {
  const wanted = email.toLowerCase();
  // ListUsers' Filter matches user name, display name and email by substring: the exact email is checked here.
  for await (const user of listCicUsers(scope, { ZoneId: zoneId, Filter: wanted })) {
    if (user.Email?.toLowerCase() === wanted && user.UserId) return user.UserId;
  }
  return undefined;
}

/**
 * The CIC user of a person, found by email, or created (user name = the email) when the zone has none. A
 * concurrent creator's "already exists" means "look again", so two runs for one person end with one user.
 */
export async function findOrCreateCicUser(scope: AccountScope, zoneId: string, person: { email: string; name: string }): Promise<string> {
  const email = person.email.toLowerCase();
  const existing = await findCicUserId(scope, zoneId, email);
  if (existing) return existing;
  const [firstName = "", ...rest] = person.name.split(" ");
  try {
    const { UserInfo } = await scope.organization("CreateUser", {
      ZoneId: zoneId,
      UserName: cicUserName(email),
      Email: email,
      DisplayName: person.name,
      FirstName: firstName,
      LastName: rest.join(" "),
      UserType: "Manual",
    });
    if (UserInfo?.UserId) return UserInfo.UserId;
  } catch (error) {
    if (!/AlreadyExists/.test(tencentCodeOf(error))) throw error;
  }
  const created = await findCicUserId(scope, zoneId, email);
  if (!created) throw new AppError("UPSTREAM", `CIC user ${email} was created but cannot be found yet.`);
  return created;
}

/** A CIC task still InProgress when the wait ran out: not a failure, the caller tries again later. */
export class CicTaskPendingError extends AppError {
  constructor(taskId: string, waitedMs: number) {
    super("UPSTREAM", `Cloud Identity Center task ${taskId} is still running after ${Math.round(waitedMs / 1000)} s.`);
  }
}

/**
 * Waits until a CIC task (assignment, removal) reports Success, polling GetTaskStatus. A Failed task is an UPSTREAM
 * error with code FailedOperation.TaskFailed and Tencent's reason; a task still running at the deadline is a
 * CicTaskPendingError.
 */
export async function waitForCicTask(
  scope: AccountScope,
  zoneId: string,
  taskId: string,
  options: { timeoutMs: number; pollMs: number },
): Promise<void> {
  const started = Date.now();
  for (let poll = 0; ; poll += 1) {
    const { TaskStatus } = await scope.organization("GetTaskStatus", { ZoneId: zoneId, TaskId: taskId });
    if (TaskStatus?.Status === "Success") return;
    if (TaskStatus?.Status === "Failed") {
      throw rejection("UPSTREAM", "FailedOperation.TaskFailed", `Cloud Identity Center task ${taskId} failed: ${TaskStatus.FailureReason || "no reason given"}.`);
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new CicTaskPendingError(taskId, waited);
    // Short first polls (tasks usually finish within a second or two), then at most every pollMs.
    await sleep(Math.min(options.pollMs, 100 * 2 ** poll, Math.max(0, options.timeoutMs - waited)));
  }
}
