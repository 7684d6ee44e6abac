"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/core/safe-action";
import { mayClaimAccount, mayConfirmOwnership } from "./ability";
import { allowsOnAccount, forgetRecentDashboards } from "./loaders";
import { claimAccount, confirmOwnership } from "./mutations";
import { claimAccountInput, confirmOwnershipInput } from "./schema";
import { OWNERSHIP_PATH } from "./utils";

// Each authorize hook reads the account from the database; the mutation re-checks inside its transaction
// (compare-and-set), so a stale page gets a CONFLICT that says why.

function revalidateAccount(accountId: string) {
  forgetRecentDashboards();
  revalidatePath(`/accounts/${accountId}`);
  revalidatePath("/accounts");
  revalidatePath(OWNERSHIP_PATH);
}

// Every signed-in person may own accounts, so the role gate is "requester" and ownership (active owner, read from
// the database) decides. No MFA: confirming grants nothing new, it only keeps the record current.
export const confirmAccountOwnership = defineAction({
  name: "account.confirmOwnership",
  roles: ["requester"],
  input: confirmOwnershipInput,
  authorize: (actor, { accountId }) => allowsOnAccount(actor, accountId, mayConfirmOwnership),
  run: async (input, { actor, stamp }) => {
    const result = await confirmOwnership(actor, input, stamp);
    revalidateAccount(input.accountId);
    return result;
  },
});

// Owners review access to their accounts, so naming them is an admin decision, made with MFA.
export const claimUnmanagedAccount = defineAction({
  name: "account.claim",
  roles: ["platform-admin"],
  mfa: true,
  input: claimAccountInput,
  authorize: (actor) => mayClaimAccount(actor),
  run: async (input, { actor, stamp }) => {
    const result = await claimAccount(actor, input, stamp);
    revalidateAccount(input.accountId);
    return result;
  },
});
