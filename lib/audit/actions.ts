"use server";

import { z } from "zod";
import { sendJob } from "@/lib/core/queue";
import { defineAction } from "@/lib/core/safe-action";
import { recordAuditOnly } from "./mutations";
import { verifyWithConfiguredKey } from "./verify";

export const verifyChain = defineAction({
  name: "audit.verify",
  roles: ["auditor", "security", "platform-admin"],
  input: z.object({}),
  run: async (_input, { stamp }) => {
    const report = await verifyWithConfiguredKey();
    await recordAuditOnly(stamp, {
      action: "audit.verify",
      target: { type: "audit_chain" },
      payload: { ...report, firstFailure: report.firstFailure ?? null },
    });
    return report;
  },
});

export const requestCloudAuditImport = defineAction({
  name: "audit.requestImport",
  roles: ["auditor", "security", "platform-admin"],
  input: z.object({}),
  // The import runs in the worker; "already waiting" is not an error (pg-boss keeps one waiting run per queue).
  run: async (_input, { actor }) => ({ queued: (await sendJob("audit.import-cloudaudit", { requestedBy: actor.email })) !== null }),
});
