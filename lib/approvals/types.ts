export type QueueEntryKind = "account" | "access";

export type SlaState = "overdue" | "due-soon" | "on-time" | "none";

/** One request waiting for the signed-in reviewer, whatever its kind. */
export interface ApprovalQueueEntry {
  kind: QueueEntryKind;
  id: string;
  /** AR-12 or JIT-4. */
  reference: string;
  /** The account asked for, or the catalog role asked for. */
  title: string;
  /** The decision page. */
  href: string;
  /** Environment and unit of an account request; the accounts of an access request. */
  detail: string;
  breakGlass: boolean;
  requester: string;
  submittedAt: Date;
  /** When the request expires undecided. */
  deadline: Date | null;
  /** What it still needs; for account requests the open stages, "(you)" marking those this reviewer may give. */
  needs: string;
  /** Other active people who may decide it now (never the requester). */
  others: { id: string; name: string }[];
}
