import type { Role } from "@/lib/core/roles";

/** Who may open the admin pages about people; the pages check it and the admin overview shows only these. */
export const DIRECTORY_ROLES: Role[] = ["platform-admin", "auditor"];
export const ROLE_MAPPING_ROLES: Role[] = ["platform-admin", "auditor", "security"];
