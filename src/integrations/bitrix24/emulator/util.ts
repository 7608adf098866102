/** Small shared pieces: the REST error, portal-time dates, phone normalisation. */

/** An error answer: HTTP status + `error` + `error_description` (BITRIX24.md §1.4). */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** A CRM business error: 400, `error: ""`. */
export const crmError = (description: string) => new RestError(400, "", description);

export const Errors = {
  methodNotFound: () => new RestError(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"),
  noAuth: () => new RestError(401, "NO_AUTH_FOUND", "Wrong authorization data"),
  invalidCredentials: () => new RestError(401, "INVALID_CREDENTIALS", "Invalid request credentials"),
  insufficientScope: () => new RestError(401, "insufficient_scope", "The request requires higher privileges than provided by the webhook token"),
  httpsRequired: () => new RestError(401, "INVALID_REQUEST", "Https required."),
  noRestOnPlan: () => new RestError(401, "ACCESS_DENIED", "REST is available only by subscription."),
  overload: () => new RestError(503, "OVERLOAD_LIMIT", "REST API is blocked due to overload."),
  queryLimit: () => new RestError(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
  operationLimit: () => new RestError(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit."),
  internal: () => new RestError(500, "INTERNAL_SERVER_ERROR", "Internal server error"),
  badId: () => crmError("ID is not defined or invalid."),
  notFound: () => crmError("Not found"),
  fieldsNotArray: () => crmError("Parameter 'fields' must be array."),
  argument: (message: string, argument: string) => Object.assign(new RestError(400, "ERROR_ARGUMENT", message), { argument }),
};

/** "+03:00" → 180. */
export function offsetMinutes(tz: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

/** Epoch ms → "2025-03-01T12:00:00+03:00" in the portal's offset. */
export function formatDate(ms: number, tz: string): string {
  const local = new Date(ms + offsetMinutes(tz) * 60_000);
  return `${local.toISOString().slice(0, 19)}${tz}`;
}

/**
 * Accepts ISO-8601 (with or without offset), "YYYY-MM-DD" and "DD.MM.YYYY[ HH:MM[:SS]]";
 * values without an offset are portal-local. Returns epoch ms truncated to seconds, or null.
 */
export function parseDate(v: unknown, tz: string): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return Math.floor(v / 1000) * 1000;
  if (typeof v !== "string" || v.trim() === "") return null;
  const s = v.trim();
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  const iso = ru ? `${ru[3]}-${ru[2]}-${ru[1]}T${ru[4] ?? "00"}:${ru[5] ?? "00"}:${ru[6] ?? "00"}` : s;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) && iso.includes("T");
  const withTime = iso.includes("T") ? iso : `${iso}T00:00:00`;
  const ms = Date.parse(hasOffset ? withTime : `${withTime}Z`);
  if (Number.isNaN(ms)) return null;
  const utc = hasOffset ? ms : ms - offsetMinutes(tz) * 60_000;
  return Math.floor(utc / 1000) * 1000;
}

/**
 * Phone key used by crm.duplicate.findbycomm (§2.13): digits only, extension cut,
 * for 10+ digits a leading 8 → 7 (not 80/81/82), leading 00 / 011 / 0 stripped.
 */
export function phoneKey(value: string): string {
  let s = value.replace(/[^0-9#*,;]/g, "");
  const cut = s.search(/[;#,]/);
  if (cut !== -1) s = s.slice(0, cut);
  s = s.replace(/\*/g, "");
  if (s.length >= 10) {
    if (s.startsWith("8") && !/^8[012]/.test(s)) s = `7${s.slice(1)}`;
    else if (s.startsWith("00")) s = s.slice(2);
    else if (s.startsWith("011")) s = s.slice(3);
    else if (s.startsWith("0")) s = s.slice(1);
  }
  return s;
}

export function randomToken(length: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
