/**
 * Results computed recently, by key, each kept for the time its caller gives. Requests for a key being computed
 * share that one computation; a failed computation is not kept. For read models that every reader sees alike
 * (authorization happens before this is asked) and that may lag their data by a few seconds, e.g. dashboards.
 */
export class RecentResults<T> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<T> }>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, ttlMs: number, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    if (ttlMs <= 0) return compute();
    const recent = this.entries.get(key);
    if (recent && recent.expiresAt > now) return recent.value;
    const value = compute();
    // Re-inserted so the Map's insertion order is the eviction order: the oldest entry makes room.
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + ttlMs, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
