"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/core/safe-action";
import { canPublishPolicies } from "./ability";
import { publishApprovalPolicy, publishNamingConvention } from "./mutations";
import { approvalPolicyInput, namingConventionInput } from "./schema";

export const publishApprovalPolicyVersion = defineAction({
  name: "approvalPolicy.publish",
  roles: ["platform-admin"],
  mfa: true,
  input: approvalPolicyInput,
  authorize: (actor) => canPublishPolicies(actor),
  run: async (input, { actor, stamp }) => {
    const result = await publishApprovalPolicy(actor, input, stamp);
    revalidatePath("/admin/policies");
    return result;
  },
});

export const publishNamingConventionVersion = defineAction({
  name: "namingConvention.publish",
  roles: ["platform-admin"],
  mfa: true,
  input: namingConventionInput,
  authorize: (actor) => canPublishPolicies(actor),
  run: async (input, { actor, stamp }) => {
    const result = await publishNamingConvention(actor, input, stamp);
    revalidatePath("/admin/policies");
    return result;
  },
});
