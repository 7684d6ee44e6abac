"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/core/safe-action";
import { mayAttemptAccessDecision } from "./ability";
import { allowsOnAccessRequest } from "./loaders";
import { cancelAccessRequest, closeBreakGlassReview, decideAccessRequest, submitAccessRequest } from "./mutations";
import { accessRequestFieldsSchema, approveAccessInput, cancelAccessInput, closeReviewInput, denyAccessInput } from "./schema";

// Each authorize hook loads the request from the database; the mutation re-checks inside its transaction.

function revalidateRequest(requestId: string) {
  revalidatePath(`/access/${requestId}`);
  revalidatePath("/access");
  revalidatePath("/approvals");
}

export const requestAccess = defineAction({
  name: "accessRequest.submit",
  roles: ["requester"],
  input: accessRequestFieldsSchema.extend({ breakGlass: z.literal(false).default(false) }),
  run: async (values, { actor, stamp }) => {
    const result = await submitAccessRequest(actor, values, stamp);
    revalidateRequest(result.requestId);
    return result;
  },
});

/** Break-glass activates without a second person, so the person proves themselves with MFA first. */
export const requestBreakGlassAccess = defineAction({
  name: "accessRequest.breakGlass",
  roles: ["requester"],
  mfa: true,
  input: accessRequestFieldsSchema.extend({ breakGlass: z.literal(true) }),
  run: async (values, { actor, stamp }) => {
    const result = await submitAccessRequest(actor, values, stamp);
    revalidateRequest(result.requestId);
    return result;
  },
});

// Reviewers are approvers, security reviewers or account owners (any signed-in person), so the roles gate is
// "requester" and the eligibility rule decides. Never the requester, by any path: refused here and in the mutation.
export const approveAccessRequest = defineAction({
  name: "accessRequest.approve",
  roles: ["requester"],
  mfa: true,
  input: approveAccessInput,
  authorize: (actor, { requestId }) => allowsOnAccessRequest(actor, requestId, mayAttemptAccessDecision),
  run: async ({ comment, ...input }, { actor, stamp }) => {
    const result = await decideAccessRequest(actor, { ...input, comment: comment || null, decision: "APPROVED" }, stamp);
    revalidateRequest(input.requestId);
    return result;
  },
});

export const denyAccessRequest = defineAction({
  name: "accessRequest.deny",
  roles: ["requester"],
  mfa: true,
  input: denyAccessInput,
  authorize: (actor, { requestId }) => allowsOnAccessRequest(actor, requestId, mayAttemptAccessDecision),
  run: async ({ reason, ...input }, { actor, stamp }) => {
    const result = await decideAccessRequest(actor, { ...input, comment: reason, decision: "REJECTED" }, stamp);
    revalidateRequest(input.requestId);
    return result;
  },
});

export const cancelAccess = defineAction({
  name: "accessRequest.cancel",
  roles: ["requester"],
  input: cancelAccessInput,
  // Only the requester; whether it can still be cancelled is the mutation's answer (CONFLICT, not FORBIDDEN).
  authorize: (actor, { requestId }) => allowsOnAccessRequest(actor, requestId, (who, request) => request.requesterId === who.userId),
  run: async (input, { actor, stamp }) => {
    await cancelAccessRequest(actor, input, stamp);
    revalidateRequest(input.requestId);
  },
});

export const closeBreakGlass = defineAction({
  name: "breakGlassReview.close",
  roles: ["security"],
  mfa: true,
  input: closeReviewInput,
  authorize: (actor, { requestId }) => allowsOnAccessRequest(actor, requestId, (who, request) => request.requesterId !== who.userId && request.review !== null),
  run: async (input, { actor, stamp }) => {
    await closeBreakGlassReview(actor, input, stamp);
    revalidateRequest(input.requestId);
    revalidatePath("/access/reviews");
  },
});
