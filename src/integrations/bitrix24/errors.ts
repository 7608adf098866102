/**
 * Bitrix24 failures as one error type (BITRIX24.md §1.4, §4.3–§4.5).
 * The message names the REST method and never the webhook URL: the URL carries the secret (SECURITY.md T14).
 */

/** What went wrong, coarse enough for the caller to choose an action. */
export type Bitrix24ErrorKind =
  | "rate_limit" // 503 QUERY_LIMIT_EXCEEDED: retry after a pause
  | "operation_limit" // 429 OPERATION_TIME_LIMIT: this method is paused for minutes
  | "server" // 5xx: retry; a write may have happened
  | "network" // no HTTP answer (refused, reset, DNS)
  | "timeout" // no answer within timeoutMs
  | "invalid_response" // an answer that is not a Bitrix24 envelope
  | "auth" // the webhook is broken: rotated, deleted, no scope, no REST on the plan
  | "method_not_found"
  | "not_found" // CRM "Not found" (entity deleted or never existed)
  | "validation"; // any other 4xx: bad parameters, required fields, access to a record

export interface Bitrix24ErrorInit {
  method: string;
  /** HTTP status, or null when no HTTP answer arrived (network error, timeout) or for a batch sub-call. */
  httpStatus: number | null;
  /** The Bitrix `error` code; often "" for CRM errors. Our own codes: NETWORK_ERROR, TIMEOUT, INVALID_RESPONSE. */
  code: string;
  description: string;
  kind: Bitrix24ErrorKind;
  retryable: boolean;
  /** The request may have been executed although we saw a failure (timeout, reset, 5xx). */
  ambiguous: boolean;
  /** Milliseconds the caller should wait before calling this method again, when known. */
  retryAfterMs?: number;
  /** Number of HTTP attempts made (1 = no retry). */
  attempts?: number;
}

export class Bitrix24Error extends Error {
  override readonly name = "Bitrix24Error";
  readonly method: string;
  readonly httpStatus: number | null;
  readonly code: string;
  readonly description: string;
  readonly kind: Bitrix24ErrorKind;
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  readonly retryAfterMs: number | undefined;
  attempts: number;

  constructor(init: Bitrix24ErrorInit) {
    const status = init.httpStatus === null ? "no HTTP status" : `HTTP ${init.httpStatus}`;
    const code = init.code === "" ? "" : ` ${init.code}`;
    const description = init.description === "" ? "" : `: ${init.description}`;
    super(`Bitrix24 ${init.method} failed (${status}${code})${description}`);
    this.method = init.method;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.description = init.description;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.ambiguous = init.ambiguous;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
  }

  /** True when the entity asked for does not exist (deleted, or a wrong id). */
  get isNotFound(): boolean {
    return this.kind === "not_found";
  }

  /** True when the webhook itself is unusable: alert the admin, retrying will not help. */
  get isAuthError(): boolean {
    return this.kind === "auth";
  }
}

export function isBitrix24Error(e: unknown): e is Bitrix24Error {
  return e instanceof Bitrix24Error;
}

/** Codes that mean "the webhook or the portal refuses us" (§1.4, §4.4): never retried. */
const AUTH_CODES = new Set([
  "NO_AUTH_FOUND",
  "INVALID_CREDENTIALS",
  "INSUFFICIENT_SCOPE",
  "ACCESS_DENIED",
  "INVALID_REQUEST",
  "OVERLOAD_LIMIT",
  "WRONG_AUTH_TYPE",
  "EXPIRED_TOKEN",
  "INVALID_TOKEN",
  "PORTAL_DELETED",
  "AUTHORIZATION_ERROR",
]);

const SERVER_CODES = new Set(["INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER"]);

/** CRM "not found" texts (§2.2, §2.3, §4.5). */
const NOT_FOUND_TEXTS = /^(not found|lead is not found|element not found)\.?$/i;

/**
 * Maps an error envelope (or a bare HTTP status) to a Bitrix24Error: code first, HTTP status second (§1.4).
 * `httpStatus` null means a batch sub-call (no HTTP status of its own).
 */
export function errorFromEnvelope(method: string, httpStatus: number | null, code: string, description: string): Bitrix24Error {
  const upper = code.toUpperCase();
  const base = { method, httpStatus, code, description };
  if (upper === "QUERY_LIMIT_EXCEEDED") return new Bitrix24Error({ ...base, kind: "rate_limit", retryable: true, ambiguous: false });
  if (upper === "OPERATION_TIME_LIMIT") return new Bitrix24Error({ ...base, kind: "operation_limit", retryable: true, ambiguous: false });
  if (AUTH_CODES.has(upper)) return new Bitrix24Error({ ...base, kind: "auth", retryable: false, ambiguous: false });
  if (upper === "ERROR_METHOD_NOT_FOUND") return new Bitrix24Error({ ...base, kind: "method_not_found", retryable: false, ambiguous: false });
  if (upper === "NOT_FOUND" || NOT_FOUND_TEXTS.test(description.trim())) {
    return new Bitrix24Error({ ...base, kind: "not_found", retryable: false, ambiguous: false });
  }
  if (SERVER_CODES.has(upper) || (httpStatus !== null && httpStatus >= 500)) {
    // A 503 without a known code comes from a proxy in front of the portal; 500/502/504 may follow a commit.
    return new Bitrix24Error({ ...base, kind: "server", retryable: true, ambiguous: true });
  }
  if (httpStatus === 429) return new Bitrix24Error({ ...base, kind: "operation_limit", retryable: true, ambiguous: false });
  if (httpStatus === 401 || httpStatus === 403) return new Bitrix24Error({ ...base, kind: "auth", retryable: false, ambiguous: false });
  if (httpStatus === 404) return new Bitrix24Error({ ...base, kind: "method_not_found", retryable: false, ambiguous: false });
  return new Bitrix24Error({ ...base, kind: "validation", retryable: false, ambiguous: false });
}

/** Network-level codes that prove the request never reached the server, so a retry cannot duplicate a write. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);
const TLS_CODE = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

/** A failure without an HTTP answer. `causeCode` is a Node/undici error code such as ECONNRESET. */
export function networkError(method: string, causeCode: string): Bitrix24Error {
  const base = { method, httpStatus: null, code: "NETWORK_ERROR" };
  if (TLS_CODE.test(causeCode)) {
    return new Bitrix24Error({ ...base, description: `TLS failure ${causeCode}`, kind: "network", retryable: false, ambiguous: false });
  }
  const sent = !NOT_SENT_CODES.has(causeCode);
  const description = sent ? `connection lost (${causeCode})` : `connection failed (${causeCode})`;
  return new Bitrix24Error({ ...base, description, kind: "network", retryable: true, ambiguous: sent });
}

export function timeoutError(method: string, timeoutMs: number): Bitrix24Error {
  return new Bitrix24Error({
    method,
    httpStatus: null,
    code: "TIMEOUT",
    description: `no answer within ${timeoutMs} ms`,
    kind: "timeout",
    retryable: true,
    ambiguous: true,
  });
}

export function invalidResponseError(method: string, httpStatus: number, description: string): Bitrix24Error {
  const ok = httpStatus >= 200 && httpStatus < 300;
  const kind = ok || httpStatus >= 500 ? "invalid_response" : httpStatus === 429 ? "operation_limit" : "validation";
  const retryable = ok || httpStatus >= 500 || httpStatus === 429;
  // A 2xx we cannot read (e.g. a body cut by a reset) means the server did execute the call.
  return new Bitrix24Error({ method, httpStatus, code: "INVALID_RESPONSE", description, kind, retryable, ambiguous: ok || httpStatus >= 500 });
}

/**
 * Removes the webhook secret from any text that might reach an error or a log line.
 * Matches the full base URL, the `/rest/<user>/<code>/` path and the bare code.
 */
export function redactSecret(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\/rest\/\d+\/[^/\s"'?#]+/g, "/rest/<id>/<secret>");
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("<secret>");
  return out;
}
