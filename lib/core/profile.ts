import { rolesForGroups, type GroupRoleMap } from "./roles";

/** Why a sign-in was refused; the sign-in page explains each one (sign-in-messages.ts). */
export type SignInProblem = "MissingSubject" | "MissingEmail" | "BadGroups" | "NoAccess" | "Inactive" | "AccountConflict";

export interface VerifiedProfile {
  subject: string;
  email: string;
  name: string;
  groups: string[];
  amr: string[];
  acr: string | null;
}

/** Checks the identity provider's claims before anything is written; returns the problem when they do not do. */
export function verifyProfile(
  claims: Record<string, unknown>,
  policy: { groupsClaim: string; groupRoles: GroupRoleMap },
): VerifiedProfile | SignInProblem {
  const subject = claims.sub;
  if (typeof subject !== "string" || subject === "") return "MissingSubject";
  const email = claims.email;
  if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(email)) return "MissingEmail";
  const groups = claims[policy.groupsClaim] ?? [];
  if (!Array.isArray(groups) || groups.some((group) => typeof group !== "string")) return "BadGroups";
  if (rolesForGroups(groups as string[], policy.groupRoles) === null) return "NoAccess";
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((method): method is string => typeof method === "string") : [];
  return {
    subject,
    email: email.toLowerCase(),
    name: typeof claims.name === "string" && claims.name.trim() ? claims.name.trim() : email,
    groups: groups as string[],
    amr,
    acr: typeof claims.acr === "string" ? claims.acr : null,
  };
}
