/** Why verification stopped: the first event (or checkpoint) that does not check out. */
export type ChainFailureKind =
  /** The row's content no longer matches its hash. */
  | "changed"
  /** A sequence number is missing: a row was removed. */
  | "missing"
  /** The row does not link to the one before it: rows were reordered or replaced. */
  | "reordered"
  /** A checkpoint's signature is not valid for the configured public key. */
  | "bad-signature"
  /** A signed checkpoint names a hash the chain no longer has: the chain was rewritten after it. */
  | "checkpoint-mismatch";

export interface ChainFailure {
  seq: string;
  kind: ChainFailureKind;
  detail: string;
}

export interface VerificationReport {
  fromSeq: string;
  toSeq: string;
  eventsChecked: number;
  checkpointsChecked: number;
  seconds: number;
  eventsPerSecond: number;
  /** Null when everything checks out. */
  firstFailure: ChainFailure | null;
  /** The newest signed checkpoint the verified range reaches, if any. */
  anchoredAt: string | null;
}
