import { Badge } from "@/components/ui/badge";

/** The owners cell of an account table: primary first, secondary greyed, inactive people marked; "No owner" when none. */
export function OwnerList({ owners }: { owners: { id: string; name: string; active: boolean; primary: boolean }[] }) {
  if (owners.length === 0) return <Badge tone="warning">No owner</Badge>;
  return (
    <ul className="space-y-0.5">
      {owners.map((owner) => (
        <li key={owner.id} className="flex flex-wrap items-center gap-1">
          <span className={owner.primary ? "" : "text-slate-500 dark:text-slate-400"}>{owner.name}</span>
          {!owner.active && <Badge tone="danger">inactive</Badge>}
          {owner.primary && owners.length > 1 && <span className="sr-only">(primary)</span>}
        </li>
      ))}
    </ul>
  );
}
