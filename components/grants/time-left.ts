import { formatDuration } from "@/lib/role-catalog/utils";

/** "1 h 12 min left", "less than a minute left", or "ended" once the time has passed. */
export function timeLeftLabel(expiresAt: string, now: number): string {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (seconds <= 0) return "ended";
  if (seconds < 60) return "less than a minute left";
  // Whole minutes, rounded down: never more time than there is.
  return `${formatDuration(Math.floor(seconds / 60) * 60)} left`;
}
