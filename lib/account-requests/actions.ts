"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/core/safe-action";
import { canEditDraft, canRetryProvisioning, mayAttemptDecision } from "./ability";
import { allowsOnRequest } from "./loaders";
import { cancelRequest, decideRequest, retryProvisioning, saveDraft, submitRequest } from "./mutations";
import { approveInput, cancelInput, rejectInput, retryInput, saveDraftInput, submitInput } from "./schema";

// Each authorize hook loads the request from the database; the mutation re-checks inside its transaction.

export const saveAccountRequestDraft = defineAction({
  name: "accountRequest.saveDraft",
  roles: ["requester"],
  input: saveDraftInput,
  authorize: (actor, { requestId }) => !requestId || allowsOnRequest(actor, requestId, canEditDraft),
  run: async (input, { actor, stamp }) => {
    const result = await saveDraft(actor, input, stamp);
    revalidatePath("/requests");
    return result;
  },
});

export const submitAccountRequest = defineAction({
  name: "accountRequest.submit",
  roles: ["requester"],
  input: submitInput,
  authorize: (actor, { requestId }) => !requestId || allowsOnRequest(actor, requestId, canEditDraft),
  run: async ({ requestId, ...values }, { actor, stamp }) => {
    const result = await submitRequest(actor, values, requestId, stamp);
    revalidatePath("/requests");
    revalidatePath("/approvals");
    return result;
  },
});

export const approveAccountRequest = defineAction({
  name: "accountRequest.approve",
  roles: ["approver", "security"],
  mfa: true,
  input: approveInput,
  // Never the requester (or a named owner), by any path: refused here, and decideRequest refuses them again.
  authorize: (actor, { requestId }) => allowsOnRequest(actor, requestId, mayAttemptDecision),
  run: async ({ comment, ...input }, { actor, stamp }) => {
    const result = await decideRequest(actor, { ...input, comment: comment || null, decision: "APPROVED" }, stamp);
    revalidatePath(`/requests/${input.requestId}`);
    revalidatePath("/approvals");
    return result;
  },
});

export const rejectAccountRequest = defineAction({
  name: "accountRequest.reject",
  roles: ["approver", "security"],
  mfa: true,
  input: rejectInput,
  authorize: (actor, { requestId }) => allowsOnRequest(actor, requestId, mayAttemptDecision),
  run: async ({ reason, ...input }, { actor, stamp }) => {
    const result = await decideRequest(actor, { ...input, comment: reason, decision: "REJECTED" }, stamp);
    revalidatePath(`/requests/${input.requestId}`);
    revalidatePath("/approvals");
    return result;
  },
});

export const cancelAccountRequest = defineAction({
  name: "accountRequest.cancel",
  roles: ["requester"],
  input: cancelInput,
  // Only the requester; whether it can still be cancelled is the mutation's answer (CONFLICT, not FORBIDDEN).
  authorize: (actor, { requestId }) => allowsOnRequest(actor, requestId, (who, request) => request.requesterId === who.userId),
  run: async (input, { actor, stamp }) => {
    await cancelRequest(actor, input, stamp);
    revalidatePath(`/requests/${input.requestId}`);
    revalidatePath("/requests");
  },
});

export const retryAccountProvisioning = defineAction({
  name: "accountRequest.retry",
  roles: ["platform-admin"],
  mfa: true,
  input: retryInput,
  authorize: (actor, { requestId }) => allowsOnRequest(actor, requestId, canRetryProvisioning),
  run: async (input, { actor, stamp }) => {
    await retryProvisioning(actor, input, stamp);
    revalidatePath(`/requests/${input.requestId}`);
  },
});
