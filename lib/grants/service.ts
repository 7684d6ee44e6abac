import "server-only";
import { AppError } from "@/lib/core/errors";
import { describeCicZoneId, findCicUserId, findOrCreateCicUser, waitForCicTask } from "@/lib/tencentcloud/cic";
import { listCicTasks, listRoleAssignments } from "@/lib/tencentcloud/pagination";
import type { TencentGateway } from "@/lib/tencentcloud/types";
import { readGrantsConfig } from "./schema";
import type { AssignmentKey, AssignmentRef, GrantsConfig } from "./types";
import { encodeSessionPolicy } from "./utils";

function tencentCodeOf(error: unknown): string {
  return (error instanceof AppError ? error.details.tencentCode : undefined) ?? "";
}

/** The request fields of one user assignment on a member account (grants only ever assign users). */
function assignmentFields(key: AssignmentKey) {
  return {
    RoleConfigurationId: key.roleConfigurationId,
    TargetType: "MemberUin",
    TargetUin: Number(key.targetUin),
    PrincipalType: "User",
    PrincipalId: key.principalId,
  } as const;
}

const ZONE_TTL_MS = 60_000;

/**
 * The Tencent Cloud side of just-in-time access, behind the gateway (which paces, retries and maps errors): CIC
 * assignments of catalog role configurations to the grantee's CIC user, and STS credentials for the CLI.
 */
export function createGrantsCloud(gateway: TencentGateway, config: Pick<GrantsConfig, "taskTimeoutMs" | "taskPollMs"> = readGrantsConfig({})) {
  let zone: { id: Promise<string>; until: number } | undefined;

  return {
    /** The CIC zone, cached for a minute (every activation and removal needs it). */
    zoneId(): Promise<string> {
      if (!zone || zone.until < Date.now()) {
        const id = describeCicZoneId(gateway);
        zone = { id, until: Date.now() + ZONE_TTL_MS };
        id.catch(() => (zone = undefined));
      }
      return zone.id;
    },

    /** The grantee's CIC user: found by email, or created for an activation (a removal only looks). */
    principalFor(zoneId: string, person: { email: string; name: string }, options: { create: boolean }): Promise<string | undefined> {
      return options.create ? findOrCreateCicUser(gateway, zoneId, person) : findCicUserId(gateway, zoneId, person.email);
    },

    /**
     * Creates the assignment; one that exists already is adopted (another grant of the same person holds it, or an
     * earlier attempt made it), and its task, if still running, is what to wait for.
     */
    async createAssignment(key: AssignmentKey): Promise<{ taskIds: string[]; adopted: boolean; requestIds: string[] }> {
      try {
        const response = await gateway.organization("CreateRoleAssignment", { ZoneId: key.zoneId, RoleAssignmentInfo: [assignmentFields(key)] });
        const taskIds = (response.Tasks ?? []).flatMap((task) => (task.TaskId ? [task.TaskId] : []));
        return { taskIds, adopted: false, requestIds: response.RequestId ? [response.RequestId] : [] };
      } catch (error) {
        if (!/AlreadyExist/.test(tencentCodeOf(error))) throw error;
      }
      const running = listCicTasks(gateway, { ZoneId: key.zoneId, ...assignmentFields(key), TaskType: "CreateRoleAssignment", Status: "InProgress" });
      const taskIds: string[] = [];
      for await (const task of running) if (task.TaskId) taskIds.push(task.TaskId);
      return { taskIds, adopted: true, requestIds: [] };
    },

    /** Deletes the assignment; one already gone (ResourceNotFound) counts as deleted. */
    async deleteAssignment(key: AssignmentKey & { targetType?: string; principalType?: string }): Promise<{ taskId: string | null; alreadyGone: boolean; requestIds: string[] }> {
      try {
        const response = await gateway.organization("DeleteRoleAssignment", {
          ZoneId: key.zoneId,
          ...assignmentFields(key),
          TargetType: key.targetType ?? "MemberUin",
          PrincipalType: key.principalType ?? "User",
        });
        return { taskId: response.Task?.TaskId ?? null, alreadyGone: false, requestIds: response.RequestId ? [response.RequestId] : [] };
      } catch (error) {
        if (/^ResourceNotFound/.test(tencentCodeOf(error))) return { taskId: null, alreadyGone: true, requestIds: [] };
        throw error;
      }
    },

    /** Waits for CIC tasks to succeed (see waitForCicTask: a failed task is an error, one still running is retried later). */
    async waitForTasks(zoneId: string, taskIds: readonly string[]): Promise<void> {
      for (const taskId of taskIds) await waitForCicTask(gateway, zoneId, taskId, { timeoutMs: config.taskTimeoutMs, pollMs: config.taskPollMs });
    },

    /** Every assignment of a role configuration, on any account and to any principal. */
    async *listAssignments(zoneId: string, roleConfigurationId: string): AsyncGenerator<AssignmentRef> {
      for await (const entry of listRoleAssignments(gateway, { ZoneId: zoneId, RoleConfigurationId: roleConfigurationId })) {
        if (!entry.PrincipalId || entry.TargetUin === undefined) continue;
        yield {
          roleConfigurationId: entry.RoleConfigurationId ?? roleConfigurationId,
          targetType: entry.TargetType ?? "MemberUin",
          targetUin: String(entry.TargetUin),
          principalType: entry.PrincipalType ?? "User",
          principalId: entry.PrincipalId,
          principalName: entry.PrincipalName ?? null,
        };
      }
    },

    /**
     * Temporary credentials in a member account: AssumeRole on the account's access role (the role the gateway
     * itself chains into), narrowed by a session policy. The answer is returned to the caller only; the gateway
     * records calls without their answers, and nothing here logs it.
     */
    async assumeMemberRole(input: { memberUin: string; sessionName: string; durationSeconds: number; policy: string }) {
      const response = await gateway.sts("AssumeRole", {
        RoleArn: gateway.memberRoleArn(input.memberUin),
        RoleSessionName: input.sessionName,
        DurationSeconds: input.durationSeconds,
        Policy: encodeSessionPolicy(input.policy),
      });
      const { Credentials, ExpiredTime } = response;
      if (!Credentials?.TmpSecretId || !Credentials.TmpSecretKey || !Credentials.Token || !ExpiredTime) {
        throw new AppError("UPSTREAM", "Tencent Cloud returned no credentials.", { tencentCode: "Lattice.NoCredentials", requestId: response.RequestId });
      }
      return {
        secretId: Credentials.TmpSecretId,
        secretKey: Credentials.TmpSecretKey,
        sessionToken: Credentials.Token,
        expiresAt: new Date(ExpiredTime * 1000),
        requestId: response.RequestId ?? null,
      };
    },
  };
}

export type GrantsCloud = ReturnType<typeof createGrantsCloud>;
