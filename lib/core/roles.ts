/** Lattice's roles. Every admitted person is a requester; the others come from identity-provider groups. */
export const ROLES = ["requester", "approver", "security", "platform-admin", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  requester: "Requester",
  approver: "Approver",
  security: "Security reviewer",
  "platform-admin": "Platform admin",
  auditor: "Auditor",
};

/** What each role may do, shown on the admin "who can do what" page. Ownership adds rights per account. */
export const ROLE_CAPABILITIES: Record<Role, string[]> = {
  requester: ["Browse accounts and dashboards", "Request new accounts and time-bound access", "See the audit history of their own accounts and actions", "Sign out of every session"],
  approver: ["Decide account and access requests as a second reviewer (with MFA)", "See the approvals queue"],
  security: ["Required reviewer for production and sensitive data (with MFA)", "Review break-glass use", "Read, verify and export the whole audit history"],
  "platform-admin": ["Manage users, policies, the role catalog and the Tencent connection (with MFA)", "Read, verify and export the whole audit history"],
  auditor: ["Read everything, change nothing", "Verify the audit chain and export evidence"],
};

/** Group → roles mapping, parsed from AUTH_GROUP_ROLES ("group=role,group=role"). */
export type GroupRoleMap = ReadonlyMap<string, readonly Role[]>;

export function parseGroupRoles(text: string): GroupRoleMap {
  const map = new Map<string, Role[]>();
  for (const entry of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.lastIndexOf("=");
    const group = entry.slice(0, separator).trim();
    const role = entry.slice(separator + 1).trim();
    if (separator <= 0 || !group) throw new Error(`"${entry}" is not of the form group=role`);
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`"${role}" is not a role (${ROLES.join(", ")})`);
    map.set(group, [...(map.get(group) ?? []), role as Role]);
  }
  if (map.size === 0) throw new Error("maps no group to a role");
  return map;
}

/** The IdP groups that grant a role under the mapping (to find people by role in the database). */
export function groupsWithRole(mapping: GroupRoleMap, role: Role): string[] {
  return [...mapping.entries()].filter(([, roles]) => roles.includes(role)).map(([group]) => group);
}

/**
 * The roles a person with these IdP groups has, or null when none of the groups is known to Lattice:
 * deny by default, so a person whose groups grant nothing cannot sign in at all.
 */
export function rolesForGroups(groups: readonly string[], mapping: GroupRoleMap): Role[] | null {
  const roles = new Set<Role>();
  for (const group of groups) for (const role of mapping.get(group) ?? []) roles.add(role);
  if (roles.size === 0) return null;
  roles.add("requester");
  return ROLES.filter((role) => roles.has(role));
}

/** Whether a sign-in's `amr`/`acr` satisfy the MFA policy. */
export function satisfiesMfa(
  claims: { amr: readonly string[]; acr: string | null },
  policy: { amrValues: readonly string[]; acrValues: readonly string[] },
): boolean {
  return claims.amr.some((method) => policy.amrValues.includes(method)) || (claims.acr !== null && policy.acrValues.includes(claims.acr));
}

/** The signed-in person as every authorization check sees them (loaded from the database on each request). */
export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  name: string;
  roles: Role[];
  /** The session's sign-in used MFA. */
  mfa: boolean;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role));
}

/** Who may open each area of the portal; the navigation shows only these, and each page checks them itself. */
export const AREA_ROLES = {
  accounts: ["requester"],
  requests: ["requester"],
  access: ["requester"],
  // Account owners review access to their accounts, so everyone has a queue (often empty).
  approvals: ["requester"],
  dashboards: ["requester"],
  // Everyone sees the history of their own accounts and actions; auditors, security and admins see all of it.
  audit: ["requester"],
  admin: ["platform-admin", "auditor", "security"],
} as const satisfies Record<string, readonly Role[]>;
