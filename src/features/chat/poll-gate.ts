/**
 * The idle chat poll from memory. An open chat asks every few seconds "anything new since version v?";
 * nearly always the answer is no, and it must cost next to nothing (issue 12: ≥ 0.5× hello-world).
 * The gate answers that question without the database:
 * - versions: every conversation's version (one sequence over all, versions.ts) is kept in a map,
 *   caught up by one indexed range read at most every VERSIONS_FRESH_MS, shared by all pollers — so
 *   another process's message is seen within that time, and the DB cost does not grow with pollers;
 * - sessions: a poll's session is looked up once per SESSION_FRESH_MS, without touching it.
 * It only ever says "unchanged" (the caller answers 204, which carries no data). Whenever it cannot
 * say so — a new version, an unknown or expiring session, a session due for its sliding extension —
 * the request goes the full way through Hono, which validates and answers it. So a session revoked a
 * moment ago may be told "nothing new" for up to SESSION_FRESH_MS, and learns nothing from it.
 */
import { acceptedUntouched, peekSession, type SessionPeek } from "../../auth/session.js";
import type { Db } from "../../db/client.js";
import { conversationVersionsSince } from "./versions.js";

export const VERSIONS_FRESH_MS = 100;
export const SESSION_FRESH_MS = 10_000;
/** Bounds the session map: beyond it the map starts over (each live poller costs one read again). */
const MAX_SESSIONS = 20_000;

export type PollGate = {
  /**
   * True when the conversation is still at `version` and the token is a live, untouched session of
   * `role` that may read it: the partner themself, or any admin.
   */
  unchanged(token: string, role: "partner" | "admin", partnerId: number | null, version: number): Promise<boolean>;
};

type CachedSession = { peek: SessionPeek; loadedAt: number };

export type PollGateOptions = {
  /** The application clock (session expiry). */
  now: () => number;
  /** A monotonic clock in ms for the freshness windows; performance.now() by default. */
  clock?: () => number;
  catchUpPage?: number;
};

export function createPollGate(db: Db, o: PollGateOptions): PollGate {
  const { now, clock = () => performance.now(), catchUpPage = 5_000 } = o;
  const versions = new Map<number, number>();
  let mark = { version: 0, partnerId: 0 };
  let caughtUpAt = Number.NEGATIVE_INFINITY;
  let catchingUp: Promise<void> | null = null;

  async function catchUp() {
    const started = clock();
    for (;;) {
      const rows = await conversationVersionsSince(db, mark, catchUpPage);
      for (const row of rows) versions.set(row.partnerId, row.version);
      mark = rows.at(-1) ?? mark;
      if (rows.length < catchUpPage) break;
    }
    caughtUpAt = started;
  }

  function currentVersions(): Promise<void> {
    if (clock() - caughtUpAt < VERSIONS_FRESH_MS) return Promise.resolve();
    catchingUp ??= catchUp().finally(() => {
      catchingUp = null;
    });
    return catchingUp;
  }

  const sessions = new Map<string, CachedSession>();

  async function sessionOf(token: string): Promise<SessionPeek | null> {
    const cached = sessions.get(token);
    if (cached && clock() - cached.loadedAt < SESSION_FRESH_MS) return cached.peek;
    const loadedAt = clock();
    const peek = await peekSession(db, token);
    if (!peek) {
      sessions.delete(token);
      return null;
    }
    if (sessions.size >= MAX_SESSIONS) sessions.clear();
    sessions.set(token, { peek, loadedAt });
    return peek;
  }

  return {
    async unchanged(token, role, partnerId, version) {
      const session = await sessionOf(token);
      if (!session || session.role !== role || !acceptedUntouched(session, now())) {
        // Hono decides (and may extend the session): look it up afresh next time.
        sessions.delete(token);
        return false;
      }
      const conversation = role === "partner" ? session.userId : partnerId;
      if (conversation === null) return false;
      await currentVersions();
      const known = versions.get(conversation);
      // A partner who has no conversation yet is at version 0; for an admin Hono checks the partner exists.
      return known === undefined ? role === "partner" && version === 0 : known === version;
    },
  };
}
