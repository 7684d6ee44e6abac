import { z } from "zod";

/** Record ids in URLs and inputs: cuid-like or seeded ("acct_000001"): letters, digits, _ and -. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** One line of text with no control characters at all: PostgreSQL refuses NUL in text (a 500, not a refusal). */
export const SINGLE_LINE = /^[^\u0000-\u001f\u007f]*$/;

/** Free text from a search box: at most 100 characters, control characters dropped (PostgreSQL refuses NUL). */
export const searchTextSchema = z
  .string()
  .max(100)
  .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim());

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * A URL's parameters as pages receive them (route handlers get a URLSearchParams). Without a prototype, so a
 * parameter named "constructor" or "__proto__" is just a parameter.
 */
export function searchParamsFrom(params: URLSearchParams): SearchParams {
  const record = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of params) (record[key] ??= []).push(value);
  return record;
}

/** The first non-empty value of each URL parameter, and the extra values of repeated ones (to report as ignored). */
export function firstSearchValues(searchParams: SearchParams): { values: Record<string, string>; repeated: [string, string][] } {
  const values: Record<string, string> = {};
  const repeated: [string, string][] = [];
  for (const [key, value] of Object.entries(searchParams)) {
    const [first, ...rest] = Array.isArray(value) ? value : [value];
    if (first !== undefined && first !== "") values[key] = first;
    for (const extra of rest) if (extra !== undefined) repeated.push([key, extra]);
  }
  return { values, repeated };
}

/** How a URL parameter that was ignored is named back to the person (long values are cut). */
export function describeIgnored(key: string, value: string): string {
  return `${key}=${value.length > 40 ? `${value.slice(0, 40)}…` : value}`;
}

// Markup has no place in free-text fields: it is refused rather than stored and escaped later.
const MARKUP = /<\s*\/?\s*[a-z!?]|javascript:/i;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Free text people type (justifications, comments, reasons): trimmed, bounded, no control characters, no HTML. */
export function plainText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine((text) => !CONTROL.test(text), "Remove control characters.")
    .refine((text) => !MARKUP.test(text), "HTML and scripts are not allowed here.");
}

/** A zod failure's messages keyed by field path ("tags.owner"), as forms show them. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return fieldErrors;
}

/** An environment variable: empty or blank counts as unset (as in lib/core/env.ts); values are trimmed. */
export const envText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

/** A whole-number environment variable within [min, max], `fallback` when unset. */
export function envInteger(fallback: number, min: number, max: number) {
  return envText.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number")
      .default(String(fallback))
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
  );
}
