"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart as RechartsBarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarDatum {
  label: string;
  value: number;
  /** Where a click on the bar leads (e.g. the same dashboard filtered to this group). */
  href?: string;
}

const ROW_HEIGHT = 28;

/**
 * Horizontal bars, largest first as given, for "how many per group" at a glance. The figures are also in the
 * tables beside each chart, so the SVG is labelled as an image for screen readers rather than read bar by bar.
 */
export function BarChart({ title, data, unit, maxValue }: { title: string; data: BarDatum[]; unit: string; maxValue?: number }) {
  const router = useRouter();
  if (data.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing to show.</p>;
  const summary = data.slice(0, 5).map((datum) => `${datum.label}: ${datum.value} ${unit}`).join("; ");
  return (
    <div role="img" aria-label={`${title}. ${summary}${data.length > 5 ? "; …" : ""}`} style={{ height: data.length * ROW_HEIGHT + 40 }}>
      <ResponsiveContainer width="100%" height="100%">
        <RechartsBarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} strokeOpacity={0.2} />
          <XAxis type="number" domain={[0, maxValue ?? "auto"]} allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(value) => [`${String(value)} ${unit}`, ""]} separator="" cursor={{ fillOpacity: 0.1 }} />
          <Bar
            dataKey="value"
            fill="#0284c7"
            radius={[0, 3, 3, 0]}
            cursor={data.some((datum) => datum.href) ? "pointer" : undefined}
            onClick={(entry: { payload?: BarDatum }) => {
              if (entry.payload?.href) router.push(entry.payload.href);
            }}
          />
        </RechartsBarChart>
      </ResponsiveContainer>
    </div>
  );
}
