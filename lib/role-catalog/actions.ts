"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/core/safe-action";
import { canEditCatalog } from "./ability";
import { createCatalogRole, publishCatalogRoleVersion, rollbackCatalogRole, setCatalogRoleStatus } from "./mutations";
import { createRoleInput, publishVersionInput, rollbackInput, setRoleStatusInput } from "./schema";

export const createRole = defineAction({
  name: "catalogRole.create",
  roles: ["platform-admin"],
  mfa: true,
  input: createRoleInput,
  authorize: (actor) => canEditCatalog(actor),
  run: async (input, { actor, stamp }) => {
    const result = await createCatalogRole(actor, input, stamp);
    revalidatePath("/admin/catalog");
    return result;
  },
});

export const publishRoleVersion = defineAction({
  name: "catalogRole.publish",
  roles: ["platform-admin"],
  mfa: true,
  input: publishVersionInput,
  authorize: (actor) => canEditCatalog(actor),
  run: async (input, { actor, stamp }) => {
    const result = await publishCatalogRoleVersion(actor, input, stamp);
    revalidatePath("/admin/catalog");
    revalidatePath(`/admin/catalog/${input.roleId}`);
    return result;
  },
});

export const rollbackRole = defineAction({
  name: "catalogRole.rollback",
  roles: ["platform-admin"],
  mfa: true,
  input: rollbackInput,
  authorize: (actor) => canEditCatalog(actor),
  run: async (input, { actor, stamp }) => {
    const result = await rollbackCatalogRole(actor, input, stamp);
    revalidatePath("/admin/catalog");
    revalidatePath(`/admin/catalog/${input.roleId}`);
    return result;
  },
});

export const setRoleStatus = defineAction({
  name: "catalogRole.setStatus",
  roles: ["platform-admin"],
  mfa: true,
  input: setRoleStatusInput,
  authorize: (actor) => canEditCatalog(actor),
  run: async (input, { actor, stamp }) => {
    const result = await setCatalogRoleStatus(actor, input, stamp);
    revalidatePath("/admin/catalog");
    revalidatePath(`/admin/catalog/${input.roleId}`);
    return result;
  },
});
