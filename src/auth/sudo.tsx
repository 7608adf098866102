/**
 * Sudo mode (SECURITY.md H-3, T13): a sensitive POST runs only if the password was entered in this
 * session within the last 15 minutes. Otherwise nothing is done and the answer is a "confirm your
 * password" page (403) that posts the original form fields back to the same URL together with the
 * password, so what the user typed is not lost. The password is checked like a sign-in (argon2
 * behind the same semaphore, the same throttle counters); on success the session's authenticated_at
 * moves to now and the original handler runs on the original fields, the password taken out.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConfirmPasswordPage } from "../../views/auth/confirm-password-page.js";
import type { UserRole } from "../db/schema.js";
import { t } from "../i18n/ru.js";
import { clientIp } from "../web/client-ip.js";
import type { AppEnv } from "../web/env.js";
import { isFragment } from "../web/htmx.js";
import { renderPage } from "../web/render.js";
import { authenticate } from "./accounts.js";
import { PASSWORD_MAX } from "./password.js";
import { markSessionReauthenticated, type SessionUser } from "./session.js";
import { throttledCheck } from "./throttle.js";

export const REAUTH_WINDOW_MS = 15 * 60_000;
/** The confirmation page's password input. Taken out of the body before any handler reads it. */
export const REAUTH_FIELD = "reauth_password";

export type SensitiveRoute = { role: UserRole; path: string };

/**
 * Every POST that needs a recent password, as Hono path patterns; src/app.ts mounts the check on each
 * and sudo.test.ts tries each with a stale session. A new sensitive route is one line here.
 * POST /profile/password is deliberately absent: it asks for the current password itself (a fresher
 * proof than 15 minutes), and the confirmation page would have to echo the new password back.
 */
export const sensitiveRoutes: readonly SensitiveRoute[] = [
  // The partner's payout request and the requisites money is sent to.
  { role: "partner", path: "/payouts" },
  { role: "partner", path: "/profile/payout-methods" },
  { role: "partner", path: "/profile/payout-methods/:id" },
  { role: "partner", path: "/profile/payout-methods/:id/deletion" },
  { role: "partner", path: "/profile/payout-methods/:id/default" },
  // Admin: payout decisions and rules, per-partner rates and routing, the money tools, the global
  // rate and the Bitrix24 connection (whose webhook decides where deals and commissions come from).
  { role: "admin", path: "/admin/payouts/:id/approval" },
  { role: "admin", path: "/admin/payouts/:id/rejection" },
  { role: "admin", path: "/admin/payouts/:id/payment" },
  { role: "admin", path: "/admin/payouts/settings" },
  { role: "admin", path: "/admin/partners/:id/rate" },
  { role: "admin", path: "/admin/partners/:id/rate/deletion" },
  { role: "admin", path: "/admin/partners/:id/routing" },
  { role: "admin", path: "/admin/partners/:id/routing/deletion" },
  { role: "admin", path: "/admin/partners/:id/clients/:clientId/amount" },
  { role: "admin", path: "/admin/partners/:id/clients/:clientId/commission" },
  { role: "admin", path: "/admin/partners/:id/clients/:clientId/flag-clearing" },
  { role: "admin", path: "/admin/partners/:id/clients/:clientId/payment-mark" },
  { role: "admin", path: "/admin/partners/:id/clients/payment-marks" },
  { role: "admin", path: "/admin/settings/commission-rate" },
  { role: "admin", path: "/admin/crm" },
];

type Entry = [name: string, value: string | File];

/** The check for one route of `role`. Mounted before the feature routers, so it runs before their guards. */
export function requireRecentAuth(role: UserRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { user, session } = c.var;
    // Pages (GET) are never blocked. Anonymous users and the other role pass on to the feature's own
    // guard, which answers them (login, 404): this page must not reveal that an admin URL exists.
    if (c.req.method !== "POST" || !user || !session || user.role !== role) return next();
    const { db, now, config } = c.var.deps;
    const at = now();
    const { entries, password } = await readSubmitted(c);
    if (at - session.authenticatedAt <= REAUTH_WINDOW_MS) {
      // A second submit of an already confirmed page still carries the password: never hand it on.
      if (password !== undefined) replaceBody(c, entries);
      return next();
    }
    const ask = (status: ContentfulStatusCode, error?: string) => confirmationPage(c, user, entries, status, error);
    if (password === undefined) return ask(403);
    if (password === "") return ask(422, t.auth.reauth.passwordRequired);

    const attempt = { ip: clientIp(c, config.TRUSTED_PROXIES), email: user.email };
    // Longer than any password we accept: wrong without spending a hash on it (as the login's schema).
    const check = async () => (password.length <= PASSWORD_MAX ? await authenticate(db, user.email, password) : null);
    const outcome = await throttledCheck(db, attempt, at, check, (result) => result !== null && (result.ok || result.reason !== "invalid_credentials"));
    if (outcome.kind === "throttled") {
      c.header("Retry-After", String(outcome.refusal.retryAfter));
      return ask(429, t.auth.errors.throttled(outcome.refusal.retryAfter));
    }
    if (outcome.kind === "busy") {
      c.header("Retry-After", String(outcome.retryAfter));
      return ask(429, t.auth.errors.busy(outcome.retryAfter));
    }
    if (!outcome.result?.ok) return ask(403, t.auth.reauth.wrongPassword);
    await markSessionReauthenticated(db, session.id, at);
    session.authenticatedAt = at;
    replaceBody(c, entries);
    return next();
  };
}

/** The body's fields in order without the confirmation password, and that password if it was sent. */
async function readSubmitted(c: Context<AppEnv>): Promise<{ entries: Entry[]; password: string | undefined }> {
  // parseBody parses a form body once and caches the FormData on c.req (bodyCache.formData); other
  // bodies are none of these routes' business and give no fields.
  await c.req.parseBody();
  const form = await c.req.bodyCache.formData;
  const entries: Entry[] = [];
  let password: string | undefined;
  form?.forEach((value, name) => {
    if (name !== REAUTH_FIELD) entries.push([name, value]);
    else if (password === undefined) password = typeof value === "string" ? value : "";
  });
  return { entries, password };
}

/**
 * Gives the handler a request whose body has no password: a new raw Request with the remaining
 * fields and an empty body cache, so parseBody(), formData() and text() all read the cleaned copy.
 */
function replaceBody(c: Context<AppEnv>, entries: Entry[]) {
  const onlyText = entries.every(([, value]) => typeof value === "string");
  const body = onlyText ? new URLSearchParams(entries as [string, string][]) : new FormData();
  if (body instanceof FormData) for (const [name, value] of entries) body.append(name, value);
  const headers = new Headers(c.req.raw.headers);
  // The Request sets the content type (with a new multipart boundary) and the length from the body.
  headers.delete("content-type");
  headers.delete("content-length");
  c.req.raw = new Request(c.req.raw.url, { method: "POST", headers, body });
  c.req.bodyCache = {};
}

function confirmationPage(c: Context<AppEnv>, user: SessionUser, entries: Entry[], status: ContentfulStatusCode, error?: string) {
  // Files cannot be carried over in a page; none of the sensitive routes take any.
  const fields = entries.filter((e): e is [string, string] => typeof e[1] === "string");
  const url = new URL(c.req.url);
  if (isFragment(c)) {
    // An htmx request from inside a page: the confirmation replaces the page's main content; its form
    // is a plain one, so the rest is the no-JS flow.
    c.header("HX-Retarget", "#main");
    c.header("HX-Reselect", "#main");
    c.header("HX-Reswap", "outerHTML");
  }
  return renderPage(
    c,
    t.auth.reauth.title,
    <ConfirmPasswordPage
      action={`${url.pathname}${url.search}`}
      fields={fields}
      passwordName={REAUTH_FIELD}
      email={user.email}
      windowMinutes={REAUTH_WINDOW_MS / 60_000}
      error={error}
    />,
    { status },
  );
}
