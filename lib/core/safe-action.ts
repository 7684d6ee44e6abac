import "server-only";
import { randomUUID } from "node:crypto";
import { createSafeActionClient } from "next-safe-action";
import { z } from "zod";
import { requestStamp, type AuditStamp } from "./audit";
import { requireActor } from "./auth-gate";
import { AppError, toAppError, type AppErrorCode } from "./errors";
import { logger } from "./logger";
import { ROLES, hasRole, type Actor, type Role } from "./roles";

/** What the browser gets when an action fails: a code and a message safe to show, never a raw error. */
export interface ActionError {
  code: AppErrorCode;
  message: string;
  /** Per-field messages for a VALIDATION error, keyed by the form's field path ("tags.owner"). */
  fieldErrors?: Record<string, string[]>;
}

export interface ActionContext {
  requestId: string;
  actor: Actor;
  /** Who and from where, for the audit event the mutation writes in its transaction. */
  stamp: AuditStamp;
}

const metadataSchema = z.object({
  actionName: z.string().regex(/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/),
  roles: z.array(z.enum(ROLES)).min(1),
  mfa: z.boolean(),
});

/**
 * The one chain every server action runs through: request id → session (from the database) → role and MFA
 * policy → zod input → the action's own authorization (ownership, self-approval …) → the mutation.
 */
const authorizedClient = createSafeActionClient({
  defineMetadataSchema: () => metadataSchema,
  handleServerError: (error, { metadata }): ActionError => {
    const appError = toAppError(error);
    const log = appError.code === "INTERNAL" || appError.code === "UNAVAILABLE" ? logger.error : logger.info;
    log("action failed", { action: metadata?.actionName, code: appError.code, cause: String(appError.cause ?? appError.message) });
    const { fieldErrors } = appError.details;
    return { code: appError.code, message: appError.publicMessage, ...(fieldErrors ? { fieldErrors } : {}) };
  },
})
  .use(async ({ next }) => next({ ctx: { requestId: randomUUID() } }))
  .use(async ({ next, metadata }) => {
    const actor = await requireActor();
    // Deny by default: the action names the roles it is for; everyone else is refused before input is parsed.
    if (!hasRole(actor, ...metadata.roles)) throw new AppError("FORBIDDEN");
    if (metadata.mfa && !actor.mfa) throw new AppError("MFA_REQUIRED");
    return next({ ctx: { actor, stamp: await requestStamp(actor) } });
  });

export interface ActionDefinition<Input extends z.ZodType, Result> {
  /** "domain.verb", recorded in the audit history, e.g. "user.deactivate". */
  name: string;
  /** Who may call it at all. "requester" means every signed-in person. */
  roles: readonly [Role, ...Role[]];
  /** Require that the session's sign-in used MFA (approvals, break-glass, admin). */
  mfa?: boolean;
  input: Input;
  /** Checks that need the input (ownership, "not your own request"); false → FORBIDDEN. */
  authorize?: (actor: Actor, input: z.output<Input>) => boolean | Promise<boolean>;
  run: (input: z.output<Input>, ctx: ActionContext) => Promise<Result>;
}

/** Defines a server action. `"use server"` files export only what this returns (a CI test checks). */
export function defineAction<Input extends z.ZodType, Result>(definition: ActionDefinition<Input, Result>) {
  return authorizedClient
    .metadata({ actionName: definition.name, roles: [...definition.roles], mfa: definition.mfa ?? false })
    .inputSchema(definition.input)
    .action(async ({ parsedInput, ctx }) => {
      // next-safe-action infers the parsed type through its own generics; it is exactly the schema's output.
      const input = parsedInput as z.output<Input>;
      if (definition.authorize && !(await definition.authorize(ctx.actor, input))) throw new AppError("FORBIDDEN");
      const result = await definition.run(input, ctx);
      // Who did what; the audit history (hash-chained, in the same transaction) records state changes themselves.
      logger.info("action done", { action: definition.name, actor: ctx.actor.userId, requestId: ctx.requestId });
      return result;
    });
}
