export const WEBHOOK_FORMATS = ["slack", "wecom", "generic"] as const;

/** A webhook POST that takes longer than this fails its attempt (NOTIFY_WEBHOOK_TIMEOUT_SECONDS overrides it). */
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

/** A webhook secret must be at least this long (`openssl rand -hex 32` gives 64). */
export const WEBHOOK_SECRET_MIN = 16;

/** Receivers refuse a signature whose timestamp is further than this from their clock (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export const TIMESTAMP_HEADER = "X-Lattice-Timestamp";
export const SIGNATURE_HEADER = "X-Lattice-Signature";
/** The delivery job's id: the same on every retry of one delivery, so receivers can drop duplicates. */
export const DELIVERY_HEADER = "X-Lattice-Delivery";

/** Slack rejects a section text longer than 3,000 characters. */
export const SLACK_TEXT_MAX = 3_000;
/** WeCom's group robot rejects markdown content over 4,096 bytes (UTF-8). */
export const WECOM_CONTENT_MAX_BYTES = 4_096;

/** SMTP time limits: a hung server fails the attempt well inside the email job's 2-minute expiry. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** Starts the subject and the webhook summaries of an urgent event (break-glass access). */
export const URGENT_PREFIX = "[BREAK-GLASS]";
