// Who is signed in, for tests that drive actions and route handlers through the real authorization chain. The test
// mocks getActor to return currentActor():
//
//   vi.mock("@/lib/core/auth", async () => (await import("@/lib/core/testing/acting-as")).mockedAuth());
//
// A plain variable is not enough for concurrent calls: the chain reads the session after its first await, so every
// call started in one loop would see whoever the loop set last. actingAs() binds the person to the call's own
// asynchronous context instead.
import { AsyncLocalStorage } from "node:async_hooks";
import { db } from "@/lib/core/db";
import type { Actor, Role } from "@/lib/core/roles";

const scoped = new AsyncLocalStorage<{ actor: Actor | null }>();

/** The person of the surrounding actingAs() call, or nobody (signed out). */
export function currentActor(): Actor | null {
  return scoped.getStore()?.actor ?? null;
}

/** Runs `call` (an action, a route handler) as `actor`, whatever other calls run at the same time. */
export function actingAs<T>(actor: Actor | null, call: () => Promise<T>): Promise<T> {
  return scoped.run({ actor }, call);
}

/** An actor for a user row: every admitted person is a requester; MFA unless told otherwise. */
export function actorFor(user: { id: string; email: string; name: string }, roles: readonly Role[] = [], mfa = true): Actor {
  return { userId: user.id, sessionId: `session_${user.id}`, email: user.email, name: user.name, roles: ["requester", ...roles.filter((role) => role !== "requester")], mfa };
}

/** The replacement for @/lib/core/auth in such tests: the session is whatever currentActor() says. */
export function mockedAuth() {
  return {
    getActor: async () => currentActor(),
    getSessionState: async () => ({ actor: currentActor(), ended: false }),
  };
}

/**
 * `count` new people in the directory (user rows, with the IdP groups that give `roles`), as actors: e.g. 200
 * distinct reviewers for a concurrency test. Ids are `user_<prefix><n>`.
 */
export async function createPeople(count: number, options: { prefix: string; roles?: readonly Role[]; groups?: string[]; mfa?: boolean }): Promise<Actor[]> {
  const people = Array.from({ length: count }, (_, index) => ({
    id: `user_${options.prefix}${index}`,
    email: `${options.prefix}${index}@lattice.example`,
    name: `${options.prefix} ${index}`,
    groups: options.groups ?? ["engineering"],
  }));
  await db.user.createMany({ data: people });
  return people.map((person) => actorFor(person, options.roles ?? [], options.mfa ?? true));
}
