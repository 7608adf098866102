/**
 * The one redaction layer of the logger (SECURITY.md T14): every log line's message and fields go
 * through `redact` before they are written, errors included (message, stack, cause and their own
 * properties such as drizzle's `query` and `params`).
 *
 * By field name: anything named like a password, token, secret, hash, authorization, cookie or
 * API key is replaced whole. In any string: argon2/bcrypt hashes, Bitrix24 webhook paths
 * (`/rest/<id>/<secret>`), `application_token` / `auth[...]` / `*_token` values, URL userinfo,
 * session-style tokens (32+ base32 or hex characters), emails (local part masked), runs of 13 or
 * more digits (cards, 20-digit accounts; separators allowed) and phone numbers. Conservative on
 * purpose: a 13-digit millisecond timestamp inside an error message is masked too.
 */

export const REDACTED = "[redacted]";

/**
 * Fields written verbatim: the one-time link to create the first admin, which server.ts prints at
 * first boot for the operator to open (its token is burnt on use). Nothing else is exempt.
 */
const VERBATIM_KEYS = new Set(["setupUrl"]);

const SENSITIVE_KEY =
  /pass(word|wd|phrase)|^pass$|secret|token|hash|authori[sz]ation|cookie|credential|api[-_]?key|private[-_]?key|^auth$|^auth\[|card[-_]?number|^pan$/i;

const email = /([\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*@((?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,})/gu;

const rules: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Password hashes: argon2 (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) and bcrypt (`$2b$10$…`).
  [/\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+={0,2}(?:\$[A-Za-z0-9+/]+={0,2})?/g, "[hash]"],
  [/\$argon2(?:id|i|d)\$[^\s"'`]*/g, "[hash]"], // any other shape: to the next space
  [/\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{20,}/g, "[hash]"],
  // Userinfo in a URL: `https://user:pass@host`.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@"']+@/gi, "$1***@"],
  // Bitrix24 inbound-webhook URLs carry the secret in the path.
  [/\/rest\/\d+\/[^/\s"'?#&]+/g, "/rest/***"],
  // Secrets as `name=value` (query strings, form bodies) or `"name": "value"` (JSON inside a message).
  [
    /((?:application_token|access_token|refresh_token|auth(?:\[[^\]]*\]|%5B[^%]*%5D)|[a-z_]*password|passwd|secret|token|authorization|cookie)["']?\s*[=:]\s*["']?)([^"'&\s,;}]+)/gi,
    `$1${REDACTED}`,
  ],
  // Session-style tokens: 160-bit base32 (32 characters), 128+-bit hex and the like.
  [/(?<![\p{L}\p{N}_])(?:[a-z2-7]{32,}|[A-Z2-7]{32,}|[0-9a-fA-F]{32,})(?![\p{L}\p{N}_])/gu, "[token]"],
  // Emails: the first character of the local part stays, so a line is still roughly attributable.
  [email, "$1***@$2"],
  // Card numbers (13–19 digits), 20-digit accounts and any other long digit run, separators allowed.
  [/(?<![\d])\d(?:[ -]?\d){12,}(?![\d])/g, (m) => `[number …${m.replace(/\D/g, "").slice(-4)}]`],
  // Phone numbers: +7 912 345-67-89, 8 (912) 345-67-89, +79123456789, international +CC…
  [/(?<![\p{L}\p{N}+])(?:\+\d{1,3}|[78])[\s-]?\(?\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)/gu, "[phone]"],
  [/(?<![\p{L}\p{N}])\+\d{10,15}(?!\d)/gu, "[phone]"],
];

export function redactString(input: string): string {
  let out = input;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement as string);
  return out;
}

const MAX_DEPTH = 8;

/** A deep, redacted copy that JSON.stringify can write: errors become plain objects, cycles are cut. */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return redactString(value.toString());
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    return value;
  }
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[deep]";
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redact(v, seen, depth + 1));
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redact(value.message, seen, depth + 1) };
    if (value.stack) out.stack = redact(value.stack, seen, depth + 1);
    if (value.cause !== undefined) out.cause = redact(value.cause, seen, depth + 1);
    for (const [k, v] of Object.entries(value)) if (!(k in out)) out[k] = redactField(k, v, seen, depth);
    return out;
  }
  if (value instanceof Map) return redact(Object.fromEntries(value), seen, depth);
  if (value instanceof Set) return redact([...value], seen, depth);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactString(k)] = redactField(k, v, seen, depth);
  return out;
}

function redactField(key: string, value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (depth === 0 && VERBATIM_KEYS.has(key) && typeof value === "string") return value;
  if (SENSITIVE_KEY.test(key) && value !== null && value !== undefined && value !== "") return REDACTED;
  return redact(value, seen, depth + 1);
}
