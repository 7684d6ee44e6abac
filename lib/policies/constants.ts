import type { Role } from "@/lib/core/roles";

/** Who may open the policies page and read every version; the page checks it and the admin overview shows only these. */
export const POLICY_VIEW_ROLES: Role[] = ["platform-admin", "security", "auditor"];

/** Decision time of an approval policy, in hours: at least one hour, at most 30 days. */
export const DECISION_HOURS_MIN = 1;
export const DECISION_HOURS_MAX = 720;

/** Upper bounds that keep a policy readable and a request's rule check cheap. */
export const MAX_RULES = 30;
export const TEMPLATE_MAX = 100;
export const CHANGE_DESCRIPTION_MIN = 5;
export const CHANGE_DESCRIPTION_MAX = 500;

/** Versions shown in the history of each policy, newest first. */
export const HISTORY_LIMIT = 50;

/**
 * Values the example name uses for the placeholders a requester fills in. A placeholder not listed here shows
 * its own name (cut to 4 characters), so every template has an example.
 */
export const SAMPLE_PARTS: Record<string, string> = {
  product: "shop",
  descriptor: "web",
  app: "api",
  service: "pay",
  team: "core",
  project: "atlas",
  purpose: "data",
};

/** The environment and region the example name is rendered for. */
export const SAMPLE_ENVIRONMENT = "PROD" as const;
export const SAMPLE_REGION = "ap-singapore" as const;
