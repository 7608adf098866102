/**
 * The chat's idle poll answered straight from node's request, in front of the Hono listener, like
 * fast-redirect.ts: `GET /chat/updates?after&v&r` (and the admin's `/admin/chat/:id/updates`) with a
 * live session and an unchanged conversation get the same 204 and headers as the Hono route
 * (features/chat/chat-handlers.tsx pollUpdates), decided by the poll gate from memory. Anything else —
 * another method, an odd query, no or an unknown cookie, a changed conversation, a session due for
 * its extension — goes to Hono unchanged. These 204s are not in the request log: 500 open chats
 * would write ~170 lines a second that say nothing.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { PollGate } from "../features/chat/poll-gate.js";
import { FALLBACK_PAGE_HEADERS, HSTS_HEADER, HSTS_VALUE } from "./security.js";

const ID = "(0|[1-9]\\d{0,14})";
const QUERY = `\\?after=${ID}&v=(\\d{1,15})&r=${ID}$`;
const PARTNER_POLL = new RegExp(`^/chat/updates${QUERY}`);
const ADMIN_POLL = new RegExp(`^/admin/chat/([1-9]\\d{0,14})/updates${QUERY}`);

/** What securityHeaders() and loadSession put on the Hono 204 (fast-chat-poll.test.ts holds them equal). */
export function pollHeaders(https: boolean): Record<string, string> {
  return {
    "cache-control": "no-store",
    ...Object.fromEntries(Object.entries(FALLBACK_PAGE_HEADERS).map(([k, v]) => [k.toLowerCase(), v])),
    "origin-agent-cluster": "?1",
    "x-dns-prefetch-control": "off",
    "x-download-options": "noopen",
    "x-permitted-cross-domain-policies": "none",
    "x-xss-protection": "0",
    ...(https ? { [HSTS_HEADER.toLowerCase()]: HSTS_VALUE } : {}),
  };
}

/** The session token of a Cookie header, when it names that cookie exactly once. */
export function sessionToken(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  const pattern = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`, "g");
  const found = [...cookieHeader.matchAll(pattern)];
  if (found.length !== 1) return null;
  const value = found[0]?.[1]?.trim() ?? "";
  return /^[a-z2-7]{32}$/.test(value) ? value : null;
}

export type FastPollOptions = { gate: PollGate; cookieName: string; https: boolean; onError: (error: unknown) => void };

export function withFastChatPoll(o: FastPollOptions, next: RequestListener): RequestListener {
  const headers = pollHeaders(o.https);
  const escapedName = o.cookieName.replace(/[^A-Za-z0-9_]/g, "\\$&");
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url;
    if (req.method !== "GET" || !url || !(url.startsWith("/chat/updates?") || url.startsWith("/admin/chat/"))) return next(req, res);
    const partner = PARTNER_POLL.exec(url);
    const admin = partner ? null : ADMIN_POLL.exec(url);
    const token = partner || admin ? sessionToken(req.headers.cookie, escapedName) : null;
    if (!token) return next(req, res);
    const asked = partner
      ? o.gate.unchanged(token, "partner", null, Number(partner[2]))
      : o.gate.unchanged(token, "admin", Number(admin?.[1]), Number(admin?.[3]));
    asked.then(
      (unchanged) => {
        if (!unchanged) return next(req, res);
        res.writeHead(204, headers);
        res.end();
      },
      (error: unknown) => {
        // The gate could not read (a busy or lost database): Hono answers, with its own error handling.
        o.onError(error);
        next(req, res);
      },
    );
  };
}
