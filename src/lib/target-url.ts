/**
 * Target URLs for redirects are checked when a link is saved (SECURITY.md T5/B4): absolute http(s)
 * only, no credentials, no backslashes, whitespace, control or bidi characters, no private or local
 * host (target-host.ts), no mixed-script (look-alike) host labels, on the admin's allowlist when one
 * is set, and at most 2 048 characters both as typed and once normalised.
 *
 * What is stored is the WHATWG serialisation (`new URL(x).href`) of the NFC form: IDN hosts in
 * punycode, non-ASCII path, query and fragment percent-encoded — plain visible ASCII, so it can go
 * into a `Location` header as it is. The cabinet shows it back in Unicode (displayUrl).
 */
import { hostForDisplay, hostProblem } from "./target-host.js";

export type TargetUrlProblem = "invalid" | "scheme" | "credentials" | "too_long" | "lookalike" | "private" | "not_allowed";

const MAX_LENGTH = 2048;
/**
 * Backslashes and whitespace are normalised differently by browsers and parsers; controls and bidi marks
 * hide what a URL says. A plain space in the path or query is what people paste (a search query with two words): it is
 * encoded as %20 (a space in the host fails the parser anyway).
 */
const FORBIDDEN = /[\\\s\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** Half of a UTF-16 pair on its own: no character at all. */
const LONE_SURROGATE = /\p{Cs}/u;
/** What a header value may hold here: visible ASCII only (0x21–0x7E), and not absurdly long. */
const HEADER_SAFE = /^[\x21-\x7e]{1,8192}$/;

export function checkTargetUrl(raw: string, allowedHosts: readonly string[] = []): { ok: true; url: string } | { ok: false; problem: TargetUrlProblem } {
  const value = raw.trim();
  if (value.length > MAX_LENGTH) return { ok: false, problem: "too_long" };
  if (!/^https?:\/\//i.test(value)) return { ok: false, problem: "scheme" };
  if (FORBIDDEN.test(value.replaceAll(" ", "")) || LONE_SURROGATE.test(value)) return { ok: false, problem: "invalid" };
  let url: URL;
  try {
    url = new URL(value.normalize("NFC"));
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "scheme" };
  const afterScheme = value.slice(value.indexOf("//") + 2);
  const authority = afterScheme.slice(0, afterScheme.search(/[/?#]/) >>> 0);
  if (authority.includes(" ")) return { ok: false, problem: "invalid" };
  if (url.username || url.password || authority.includes("@")) return { ok: false, problem: "credentials" };
  const hostIssue = hostProblem(url.hostname, allowedHosts);
  if (hostIssue) return { ok: false, problem: hostIssue };
  const href = url.href;
  if (href.length > MAX_LENGTH) return { ok: false, problem: "too_long" };
  if (!HEADER_SAFE.test(href)) return { ok: false, problem: "invalid" };
  return { ok: true, url: href };
}

export type Utm = Partial<Record<"utm_source" | "utm_medium" | "utm_campaign" | "utm_content" | "utm_term", string | null>>;

/**
 * Adds the link's UTM values to the target's query. Same-named keys are replaced; every other
 * parameter keeps its exact original encoding, and the fragment stays at the end.
 */
export function mergeUtm(target: string, utm: Utm): string {
  const entries = Object.entries(utm).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "");
  if (entries.length === 0) return target;
  const hashAt = target.indexOf("#");
  const fragment = hashAt >= 0 ? target.slice(hashAt) : "";
  const beforeHash = hashAt >= 0 ? target.slice(0, hashAt) : target;
  const queryAt = beforeHash.indexOf("?");
  const base = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : "";
  const replaced = new Set(entries.map(([k]) => k));
  const kept = query.split("&").filter((pair) => pair !== "" && !replaced.has(decodeKey(pair)));
  // A lone surrogate would make encodeURIComponent throw.
  const added = entries.map(([k, v]) => `${k}=${encodeURIComponent(v.replace(/\p{Cs}/gu, "\ufffd"))}`);
  return `${base}?${[...kept, ...added].join("&")}${fragment}`;
}

function decodeKey(pair: string): string {
  const key = pair.split("=")[0] ?? "";
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return key;
  }
}

/**
 * The `Location` for a stored target with the link's UTMs, or null when the row cannot be sent
 * (it fails today's save-time checks — its host became private or left the allowlist — or is not
 * a URL at all). The stored text is re-serialised, never trusted, so whatever a row holds
 * (Cyrillic, emoji, CR/LF written around the validation) the result is visible ASCII only.
 */
export function redirectUrl(stored: string, utm: Utm, allowedHosts: readonly string[] = []): string | null {
  const checked = checkTargetUrl(stored, allowedHosts);
  if (!checked.ok) return null;
  const location = mergeUtm(checked.url, utm);
  return HEADER_SAFE.test(location) ? location : null;
}

/**
 * Characters a decoded escape must not turn into on screen: controls, format and bidi marks, spaces,
 * U+FFFD, and combining marks (they would merge with the character before them).
 */
const HIDDEN = /[\p{C}\p{Z}\p{M}\u115f\u1160\u3164\uffa0\ufffd]/u;

/** One run of `%XX` escapes with the non-ASCII, visible characters decoded and every other byte left as it was. */
function decodeRun(run: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(run);
  } catch {
    return run;
  }
  let out = "";
  let at = 0;
  for (const ch of decoded) {
    const cp = ch.codePointAt(0) ?? 0;
    const width = 3 * (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
    out += cp < 0x80 || HIDDEN.test(ch) ? run.slice(at, at + width) : ch;
    at += width;
  }
  return out;
}

/** The URL with a punycode host in Unicode, when the host is where a serialised URL has it. */
function withUnicodeHost(url: string): string {
  if (!url.includes("xn--")) return url;
  try {
    const { hostname } = new URL(url);
    const at = url.indexOf("//") + 2;
    return url.startsWith(hostname, at) ? url.slice(0, at) + hostForDisplay(hostname) + url.slice(at + hostname.length) : url;
  } catch {
    return url;
  }
}

/**
 * A URL as a person reads it: a punycode host in Unicode, escapes of Cyrillic, emoji and other
 * visible letters decoded. ASCII escapes (`%20`, `%2F`), controls and invisible characters stay
 * escaped, and the text always saves back to the same URL (or the path is shown as stored).
 */
export function displayUrl(url: string): string {
  const shown = withUnicodeHost(url);
  const decoded = shown.replace(/(?:%[0-9a-f]{2})+/gi, decodeRun);
  if (decoded === shown) return shown;
  try {
    // Saving normalises to NFC, which may merge decoded characters: keep the escapes then.
    if (new URL(decoded.normalize("NFC")).href === new URL(url).href) return decoded;
  } catch {
    // Not a URL: shown as stored.
  }
  return shown;
}
