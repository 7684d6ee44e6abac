"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/compliance/types";

/**
 * Daily compliance (%) from the snapshots, oldest to newest. The figures are in the table under it, so the SVG is
 * labelled as one image for screen readers.
 */
export function TrendChart({ points }: { points: TrendPoint[] }) {
  if (points.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No daily snapshots yet: the first evaluation writes one.</p>;
  const first = points[0];
  const last = points[points.length - 1];
  const summary = `from ${first?.percent ?? "—"} % on ${first?.day} to ${last?.percent ?? "—"} % on ${last?.day}`;
  return (
    <div role="img" aria-label={`Tag compliance over time, ${summary}`} className="h-56">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid strokeOpacity={0.2} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={24} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(value) => [`${String(value)} %`, "Compliant"]} />
          <Line type="monotone" dataKey="percent" stroke="#0284c7" strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
