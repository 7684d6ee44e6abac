import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const postgresUrl = z
  .url({ message: "must be a URL such as postgresql://user@127.0.0.1:5432/lattice" })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: "must start with postgresql:// or postgres://",
  });

/**
 * The portal's configuration, validated once when the server starts (see instrumentation.ts).
 * A missing or malformed variable stops the process with a message that names it.
 * Nothing else in the code base reads process.env.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Any PostgreSQL ≤ 17. The launch scripts set it to the embedded server when it is unset. */
    DATABASE_URL: postgresUrl,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  },
  client: {},
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    LOG_LEVEL: process.env.LOG_LEVEL,
  },
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const lines = issues.map((issue) => `  - ${issue.path?.map(String).join(".") ?? "?"}: ${issue.message}`);
    const message = `Invalid Lattice configuration:\n${lines.join("\n")}\nSee README.md, "Configuration".`;
    console.error(message);
    throw new Error(message);
  },
});
