// UTC and a fixed locale, so the server's and the browser's rendering agree (no hydration mismatch).
const DATE_TIME_FORMAT = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** "Nov 29, 2026, 10:02:03 AM UTC"; a dash for none. */
export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? `${DATE_TIME_FORMAT.format(new Date(value))} UTC` : "—";
}
