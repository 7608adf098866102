/**
 * Who is behind the current request, for the audit log (SECURITY.md H-7), without threading the
 * address and session through every domain function. Set by a middleware in app.ts; outside a
 * request (timers, boot, CLI) there is no store and audit rows get nulls.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type RequestContext = { ip: string | null; sessionHash: string | null };

const storage = new AsyncLocalStorage<RequestContext>();

/** sessions.id is already a SHA-256 of the token; a 16-hex prefix links audit rows to a session without storing it. */
export const sessionHashOf = (sessionId: string | null | undefined): string | null => (sessionId ? sessionId.slice(0, 16) : null);

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? { ip: null, sessionHash: null };
}
