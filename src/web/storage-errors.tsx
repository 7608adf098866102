/**
 * Storage that cannot take a write (SECURITY.md F8): a full disk or quota, a read-only or
 * unwritable upload dir, a database that is full, read-only, failing I/O or locked. Such a request
 * answers 503 with Retry-After and a Russian page instead of a 500; a cabinet form's text fields
 * travel on as hidden inputs with a "send again" button, so nothing typed is lost. Logged once at
 * warn, without a stack: the cause is the machine, not the code.
 */
import type { Context } from "hono";
import { findDatabaseBusyError } from "../db/busy-retry.js";
import { t } from "../i18n/ru.js";
import type { AppEnv } from "./env.js";
import { isFragment } from "./htmx.js";
import { renderPage } from "./render.js";

export type StorageProblem = "full" | "unavailable";

/** Seconds a client should wait: writes resume within a minute of space being freed (F8). */
export const STORAGE_RETRY_AFTER_S = 60;

const FULL = new Set(["ENOSPC", "EDQUOT", "SQLITE_FULL"]);
const UNAVAILABLE = new Set(["EROFS", "EACCES", "EPERM"]);
const SQLITE_UNAVAILABLE = /^SQLITE_(READONLY|IOERR|CANTOPEN|BUSY|LOCKED)/;

function codesOf(error: object): string[] {
  const e = error as { code?: unknown; extendedCode?: unknown };
  return [e.code, e.extendedCode].filter((c): c is string => typeof c === "string");
}

/** "full", "unavailable" or null, looking through wrappers (drizzle's DrizzleQueryError keeps the driver error as `cause`). */
export function storageProblem(error: unknown): StorageProblem | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    for (const code of codesOf(current)) {
      if (FULL.has(code)) return "full";
      if (UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.test(code)) return "unavailable";
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The first storage code in the chain, for the log line. */
function storageCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const [code] = codesOf(current);
    if (code) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Fields worth sending again: the text of an ordinary (url-encoded, size-limited) form, never a password. */
async function resubmittable(c: Context<AppEnv>): Promise<[string, string][]> {
  if (c.req.method !== "POST" || !c.req.header("content-type")?.startsWith("application/x-www-form-urlencoded")) return [];
  try {
    const body = await c.req.parseBody({ all: true });
    return Object.entries(body)
      .flatMap(([name, value]) => [value].flat().map((v) => [name, v] as const))
      .filter((e): e is [string, string] => typeof e[1] === "string" && !/password/i.test(e[0]));
  } catch {
    return [];
  }
}

export async function storageErrorPage(c: Context<AppEnv>, error: Error, problem: StorageProblem) {
  c.var.deps.log.warn("storage unavailable", {
    method: c.req.method,
    path: c.req.path,
    userId: c.var.user?.id ?? null,
    problem,
    code: storageCode(error) ?? null,
    error: error.message.split("\n")[0],
  });
  const e = t.errors;
  const [heading, text] = problem === "full" ? [e.storageFullTitle, e.storageFullText] : [e.storageDownTitle, e.storageDownText];
  const fields = await resubmittable(c);
  const url = new URL(c.req.url);
  if (fields.length > 0 && isFragment(c)) {
    // An htmx form: the page with the re-send form replaces the main content (as sudo mode does).
    c.header("HX-Retarget", "#main");
    c.header("HX-Reselect", "#main");
    c.header("HX-Reswap", "outerHTML");
  }
  // A database locked by another process (src/db/busy-retry.ts) frees up in seconds, not a minute.
  c.header("Retry-After", String(findDatabaseBusyError(error)?.retryAfterSeconds ?? STORAGE_RETRY_AFTER_S));
  const home = c.var.user ? (c.var.user.role === "admin" ? "/admin" : "/dashboard") : "/login";
  return renderPage(
    c,
    heading,
    <section class="auth-card error-page">
      <h1>{heading}</h1>
      <p>{text}</p>
      {fields.length > 0 ? (
        <form method="post" action={`${url.pathname}${url.search}`} class="form">
          {fields.map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <p class="hint">{e.storageKept}</p>
          <button type="submit" class="button">
            {e.storageRetry}
          </button>
        </form>
      ) : (
        <p>
          <a class="button" href={home}>
            {e.notFoundHome}
          </a>
        </p>
      )}
    </section>,
    { status: 503 },
  );
}
