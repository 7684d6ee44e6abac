/** A request whose decision deadline is this close counts as "due soon" in the queue. */
export const DUE_SOON_MS = 4 * 60 * 60_000;

/** How often the navigation refreshes the approvals count (it also refreshes when the window regains focus). */
export const QUEUE_COUNT_REFRESH_MS = 60_000;
