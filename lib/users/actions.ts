"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/core/safe-action";
import { z } from "zod";
import { canChangeUserActive } from "./ability";
import { revokeAllSessions, setUserActive } from "./mutations";
import { userIdInput } from "./schema";

export const deactivateUser = defineAction({
  name: "user.deactivate",
  roles: ["platform-admin"],
  mfa: true,
  input: userIdInput,
  authorize: (actor, { userId }) => canChangeUserActive(actor, userId),
  run: async ({ userId }, { stamp }) => {
    await setUserActive(userId, false, stamp);
    revalidatePath("/admin/users");
  },
});

export const reactivateUser = defineAction({
  name: "user.reactivate",
  roles: ["platform-admin"],
  mfa: true,
  input: userIdInput,
  authorize: (actor, { userId }) => canChangeUserActive(actor, userId),
  run: async ({ userId }, { stamp }) => {
    await setUserActive(userId, true, stamp);
    revalidatePath("/admin/users");
  },
});

export const signOutEverywhere = defineAction({
  name: "session.revokeAll",
  roles: ["requester"],
  input: z.object({}),
  run: async (_input, { actor, stamp }) => ({ revoked: await revokeAllSessions(actor.userId, stamp) }),
});
