import type { InventoryRunStatus, InventoryRunTrigger } from "@/lib/core/generated/prisma/enums";

export interface ResourceNameParts {
  service: string;
  /** "" for a global resource. */
  region: string;
  uin: string;
  /** `<service>:<prefix>`, e.g. "cvm:instance". */
  resourceType: string;
  resourceId: string;
}

/** The inventory sync's settings (docs/inventory.md). */
export interface InventoryConfig {
  /** INVENTORY_SYNC_INTERVAL_MINUTES: how often the schedule starts a sync (cron rounds it down). */
  intervalMinutes: number;
  /** INVENTORY_SYNC_CONCURRENCY: member accounts read at once. */
  concurrency: number;
}

/** The organization as the management account reads it at the start of a run (or of its resumption). */
export interface OrganizationRead {
  orgId: string;
  managementUin: string;
  name: string;
  rootNodeId: number;
  nodes: { nodeId: number; parentNodeId: number | null; name: string }[];
  members: { uin: string; name: string; nodeId: number; tags: Record<string, string> }[];
}

/** What one member account's reads found: its tagged resources and its latest activity. */
export interface MemberRead {
  resources: { resourceName: string; tags: Record<string, string>; flaggedByTencent: boolean }[];
  lastActivityAt: Date | null;
}

/** Tencent API attempts of a run, as the gateway's call listener counts them. */
export interface CallCounters {
  calls: number;
  errors: number;
  throttled: number;
}

export interface FailedMemberView {
  memberUin: string;
  /** The account's name when the portal knows it. */
  name: string | null;
  failure: string | null;
}

/** One run as the dashboard and GET /api/inventory/runs show it. Dates are ISO strings (JSON). */
export interface InventoryRunView {
  id: string;
  status: InventoryRunStatus;
  trigger: InventoryRunTrigger;
  requestedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  accountsTotal: number;
  accountsDone: number;
  accountsFailed: number;
  calls: number;
  errors: number;
  throttled: number;
  items: number;
  resourcesAdded: number;
  resourcesGone: number;
  failure: string | null;
  failedMembers: FailedMemberView[];
}

export interface InventoryRunsView {
  runs: InventoryRunView[];
  /** Whether the signed-in person may start a sync (the Sync now button). */
  canSync: boolean;
}

/** What "sync now" did: started a run or joined the one already running. */
export interface SyncRequestResult {
  runId: string;
  joined: boolean;
}
