import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { generateMatrix } from "@/lib/matrix/demo-matrix";
import { ACTIONS, SERVICE_NAMES, TENCENT_SERVICES } from "../constants";
import type { ActionSpec, ServiceName } from "../types";
import { auditActions } from "./audit-actions";
import { cicActions } from "./cic-actions";
import { ANSWER_LOST, FaultInjector } from "./faults";
import { seedFromMatrix } from "./generator";
import { camActions, stsActions } from "./identity-actions";
import { organizationActions } from "./organization-actions";
import { sessionPolicyAllows } from "./policy";
import { parseRequest, REQUEST_SCHEMAS } from "./schema";
import { verifySignature } from "./signature";
import { createEmulatorState, EmulatorStore, readStateFile, writeStateFile } from "./state";
import { tagActions } from "./tag-actions";
import type { ActionContext, CredentialRecord, EmulatorOptions, EmulatorState, FaultOptions, HandlerTable, ResourceRecord } from "./types";
import { TencentError } from "./utils";

const HANDLERS: { [S in ServiceName]: HandlerTable<S> } = {
  organization: { ...organizationActions, ...cicActions },
  sts: stsActions,
  cam: camActions,
  tag: tagActions,
  cloudaudit: auditActions,
};

type LooseHandler = (context: ActionContext, request: never) => object;

const DEFAULTS = { memberReadyDelayMs: 2_000, taskDelayMs: 1_000, memberLimit: 5_000, memberRoleName: "OrganizationAccessControlRole" };
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const SAVE_DELAY_MS = 500;

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`; the gateway reaches it with `emulator: { port }`. */
  url: string;
  port: number;
  state: EmulatorState;
  /** The management account's permanent key. */
  credentials: { secretId: string; secretKey: string };
  /** Replaces the fault options for the calls that follow. */
  setFaults(faults?: FaultOptions): void;
  /** Deletes tagged resources (as if terminated in the console); returns how many. */
  removeResources(match: (resource: ResourceRecord) => boolean): number;
  /** Adds tagged resources (as if created in the console). */
  addResources(resources: ResourceRecord[]): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, body: object) {
  const text = JSON.stringify({ Response: body });
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new TencentError("RequestSizeLimitExceeded", "The request body exceeds 10 MB.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/**
 * Starts a local Tencent Cloud API 3.0 server that the unmodified SDK can talk to: it verifies TC3 signatures,
 * routes on host service, X-TC-Action and X-TC-Version, validates parameters, enforces per-action rate limits
 * (a one-second window by server arrival time, per action and calling account) and serves an in-memory
 * organization. Listens on 127.0.0.1 only.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state =
    options.state ??
    (options.persistPath ? readStateFile(options.persistPath) : undefined) ??
    createEmulatorState(seedFromMatrix(generateMatrix({ accounts: 10 })), { resources: 200 });
  const store = new EmulatorStore(state);
  const faults = new FaultInjector(options.faults);
  const settings = {
    memberReadyDelayMs: options.memberReadyDelayMs ?? DEFAULTS.memberReadyDelayMs,
    taskDelayMs: options.taskDelayMs ?? DEFAULTS.taskDelayMs,
    memberLimit: options.memberLimit ?? DEFAULTS.memberLimit,
    memberRoleName: options.memberRoleName ?? DEFAULTS.memberRoleName,
  };
  const windows = new Map<string, { second: number; count: number }>();
  const pendingTimeouts = new Set<NodeJS.Timeout>();
  let saveTimer: NodeJS.Timeout | undefined;

  function save() {
    if (options.persistPath) writeStateFile(options.persistPath, state);
  }

  function scheduleSave() {
    if (!options.persistPath || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      save();
    }, SAVE_DELAY_MS);
  }

  function enforceRateLimit(service: ServiceName, action: string, spec: ActionSpec, caller: CredentialRecord, now: number) {
    if (options.rateLimits === false) return;
    const limit = (options.rateLimits as Record<string, number> | undefined)?.[`${service}.${action}`] ?? spec.limit;
    // Tencent limits per action and calling identity; a role session counts apart from the account's root.
    const key = `${service}.${action}@${caller.accountUin}/${caller.roleName ?? "root"}`;
    const second = Math.floor(now / 1000);
    const window = windows.get(key);
    if (window?.second === second) {
      window.count += 1;
      if (window.count > limit) {
        throw new TencentError("RequestLimitExceeded", `Your request rate for ${action} exceeds the limit of ${limit} per second.`);
      }
    } else {
      windows.set(key, { second, count: 1 });
    }
  }

  function recordAuditEvent(context: ActionContext, service: ServiceName, action: string) {
    const { caller } = context;
    store.accountData(caller.accountUin).auditEvents.push({
      eventId: context.requestId,
      eventName: action,
      eventSource: `${service}.tencentcloudapi.com`,
      username: caller.roleName ? `${caller.roleName}/${caller.sessionName ?? ""}` : "root",
      secretId: caller.secretId,
      eventTime: Math.floor(context.now / 1000),
      requestId: context.requestId,
      readOnly: false,
      resourceType: service,
      resourceName: action,
      errorCode: 0,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    try {
      const body = await readBody(req);
      const latency = faults.latencyMs();
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      if (req.method !== "POST") throw new TencentError("UnsupportedProtocol", "Only POST with a JSON body is served.");

      const service = header(req, "host").split(".")[0] as ServiceName;
      const action = header(req, "x-tc-action");
      if (!SERVICE_NAMES.includes(service)) throw new TencentError("InvalidAction", `Service ${service} is not served here.`);
      if (header(req, "x-tc-version") !== TENCENT_SERVICES[service].version) {
        throw new TencentError("NoSuchVersion", `Version ${header(req, "x-tc-version")} of ${service} does not exist.`);
      }
      const handler = (HANDLERS[service] as Record<string, LooseHandler | undefined>)[action];
      const spec = (ACTIONS[service] as Record<string, ActionSpec | undefined>)[action];
      if (!handler || !spec) throw new TencentError("InvalidAction", `The action ${action} does not exist.`);

      const now = Date.now();
      const caller = verifySignature({
        method: req.method,
        url: req.url ?? "/",
        headers: req.headers,
        body,
        now,
        findCredential: (secretId) => store.credential(secretId),
      });
      if (service === "organization" && caller.accountUin !== state.organization.managementUin) {
        throw new TencentError("UnauthorizedOperation", "Only the organization's management account may call this action.");
      }
      enforceRateLimit(service, action, spec, caller, now);
      if (caller.policy && !sessionPolicyAllows(caller.policy, service, action)) {
        throw new TencentError("AuthFailure.UnauthorizedOperation", `The session policy of these credentials does not allow ${service}:${action}.`);
      }
      const faultRule = faults.roll(action);
      const fault = faultRule?.kind;
      if (fault === "RequestLimitExceeded") throw new TencentError("RequestLimitExceeded", "Injected: request rate exceeded.");
      if (fault === "InternalError") throw new TencentError("InternalError", "Injected: internal error.");
      if (fault === "Rejected") throw new TencentError(faultRule?.code ?? "FailedOperation", "Injected: the request was refused.");

      let json: unknown;
      try {
        json = body.length > 0 ? JSON.parse(body.toString("utf8")) : {};
      } catch {
        throw new TencentError("InvalidParameter", "The request body is not valid JSON.");
      }
      const schema = (REQUEST_SCHEMAS[service] as Record<string, z.ZodType>)[action];
      const request = schema ? parseRequest(schema, json) : json;
      const context: ActionContext = {
        store,
        caller,
        now,
        requestId,
        settings,
        failCreateAccount: () => faults.failCreateAccount(),
      };
      const response = handler(context, request as never);
      if (spec.kind !== "read") {
        recordAuditEvent(context, service, action);
        scheduleSave();
      }

      if (fault && ANSWER_LOST.has(fault)) {
        if (fault === "HTTP502") {
          res.writeHead(502, { "Content-Type": "text/html" });
          res.end("<html><body>502 Bad Gateway</body></html>");
        } else if (fault === "ConnectionReset") {
          req.socket.destroy();
        } else {
          const timer = setTimeout(() => {
            pendingTimeouts.delete(timer);
            req.socket.destroy();
          }, faults.timeoutMs);
          pendingTimeouts.add(timer);
        }
        return;
      }
      send(res, { ...response, RequestId: requestId });
    } catch (error) {
      if (error instanceof TencentError) {
        send(res, { Error: { Code: error.code, Message: error.message }, RequestId: requestId });
        return;
      }
      console.error("emulator: unexpected error", error);
      send(res, { Error: { Code: "InternalError", Message: "Internal error." }, RequestId: requestId });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const managementKey = state.credentials.find((credential) => !credential.token && credential.accountUin === state.organization.managementUin);
  if (!managementKey) throw new Error("The emulator state has no management-account key");

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    credentials: { secretId: managementKey.secretId, secretKey: managementKey.secretKey },
    setFaults: (next) => faults.configure(next),
    removeResources: (match) => store.removeResources(match),
    addResources: (resources) => {
      for (const resource of resources) store.addResource(resource);
    },
    async close() {
      for (const timer of pendingTimeouts) clearTimeout(timer);
      if (saveTimer) clearTimeout(saveTimer);
      save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
