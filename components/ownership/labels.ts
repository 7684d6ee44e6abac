import type { OwnershipList } from "@/lib/ownership/schema";
import type { OwnershipHeadline } from "@/lib/ownership/types";

/** The four lists: card title, what they mean, and which headline count they show. */
export const LIST_INFO: Record<OwnershipList, { title: string; count: keyof OwnershipHeadline; describe: (config: { dormantAfterDays: number; reviewEveryDays: number }) => string }> = {
  orphaned: { title: "Orphaned", count: "orphaned", describe: () => "No owner who is still active in the identity provider." },
  dormant: { title: "Dormant", count: "dormant", describe: ({ dormantAfterDays }) => `No activity for more than ${dormantAfterDays} days.` },
  unmanaged: { title: "Unmanaged", count: "unmanaged", describe: () => "Created outside Lattice and not claimed yet." },
  "review-due": { title: "Review due", count: "reviewDue", describe: ({ reviewEveryDays }) => `Ownership not confirmed for more than ${reviewEveryDays} days.` },
};
