"use server";

import { revalidatePath } from "next/cache";
import { issueCredentialsInput, revokeGrantInput } from "@/lib/access/schema";
import { AppError } from "@/lib/core/errors";
import { defineAction } from "@/lib/core/safe-action";
import { getWebGateway } from "@/lib/tencentcloud/gateway";
import { mayIssueCredentials, mayRevokeGrant } from "./ability";
import { allowsOnGrant } from "./loaders";
import { issueCredentials, revokeGrant } from "./mutations";
import { createGrantsCloud } from "./service";

// Each authorize hook loads the grant from the database and asks who may act on it; the mutation checks again in
// its transaction whether the grant still allows it (a stale page gets a CONFLICT that says why).

export const revokeAccessGrant = defineAction({
  name: "accessGrant.revoke",
  roles: ["requester"],
  // No MFA: revoking only takes access away.
  input: revokeGrantInput,
  authorize: (actor, { grantId }) => allowsOnGrant(actor, grantId, mayRevokeGrant),
  run: async (input, { actor, stamp }) => {
    const result = await revokeGrant(actor, input, stamp);
    revalidatePath("/access");
    revalidatePath(`/access/${result.requestId}`);
    return { status: result.status };
  },
});

export const issueAccessCredentials = defineAction({
  name: "accessGrant.issueCredentials",
  roles: ["requester"],
  mfa: true,
  input: issueCredentialsInput,
  authorize: (actor, { grantId }) => allowsOnGrant(actor, grantId, mayIssueCredentials),
  run: async ({ grantId }, { actor, stamp }) => {
    const gateway = getWebGateway();
    if (!gateway) {
      throw new AppError("UNAVAILABLE", "Lattice is not connected to Tencent Cloud here, so it cannot issue CLI credentials. Tell a platform admin.");
    }
    // STS is called in this request, not from the queue: see issueCredentials. The result goes to the browser only.
    return issueCredentials(actor, grantId, stamp, createGrantsCloud(gateway));
  },
});
