/** How many access grants and history events the account page lists (the rest is one link away). */
export const ACCOUNT_PAGE_GRANTS = 20;
export const ACCOUNT_PAGE_EVENTS = 10;
