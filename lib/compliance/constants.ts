import type { ViolationKind } from "@/lib/core/generated/prisma/enums";

/** How the dashboard and the CSV name each kind of violation. */
export const VIOLATION_KIND_LABEL: Record<ViolationKind | "NAME", string> = {
  MISSING_KEY: "Missing required key",
  VALUE_NOT_ALLOWED: "Value not allowed",
  FLAGGED_BY_TENCENT: "Flagged by Tencent",
  NAME: "Name breaking the convention",
};

/** Rows a CSV export holds at most (in the list's order); narrow the filters for the rest. */
export const EXPORT_MAX_ROWS = 10_000;
