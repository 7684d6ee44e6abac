import type { FaultKind, FaultOptions, FaultRule } from "./types";
import { createRandom, type Random } from "./utils";

/** Faults that happen after the action ran: the change is made, the answer is lost. */
export const ANSWER_LOST: ReadonlySet<FaultKind> = new Set(["HTTP502", "ConnectionReset", "Timeout"]);

const DEFAULT_TIMEOUT_MS = 65_000;
/** z-score of the 99th percentile of a standard normal distribution. */
const Z_99 = 2.326;

/** Rolls the dice of one run's fault options; seeded, so a failing run can be replayed. */
export class FaultInjector {
  private options: FaultOptions;
  private random: Random;

  constructor(options: FaultOptions = {}) {
    this.options = options;
    this.random = createRandom(options.seed ?? 7);
  }

  configure(options: FaultOptions = {}): void {
    this.options = options;
    this.random = createRandom(options.seed ?? 7);
  }

  /** The fault this call suffers, if any: one roll against the matching rules' summed rates. */
  roll(action: string): FaultRule | undefined {
    let dice = this.random();
    for (const rule of this.options.rules ?? []) {
      if (rule.action && rule.action !== action) continue;
      if (dice < rule.rate) return rule;
      dice -= rule.rate;
    }
    return undefined;
  }

  failCreateAccount(): boolean {
    return this.random() < (this.options.createAccountExceptionRate ?? 0);
  }

  latencyMs(): number {
    const latency = this.options.latency;
    if (!latency) return 0;
    if (latency.distribution === "uniform") return latency.minMs + this.random() * (latency.maxMs - latency.minMs);
    // Box–Muller; log-normal with the given median and 99th percentile, the usual shape of API latency.
    const normal = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    const sigma = Math.log(latency.p99Ms / latency.medianMs) / Z_99;
    return latency.medianMs * Math.exp(sigma * normal);
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}
