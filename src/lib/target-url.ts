/**
 * Target URLs for redirects are checked when a link is saved (SECURITY.md T5/B4): absolute http(s)
 * only, no credentials, no backslashes or control characters, no mixed-script (look-alike) host
 * labels, at most 2 048 characters, and on the admin's allowlist when one is set.
 */
import { domainToUnicode } from "node:url";

export type TargetUrlProblem = "invalid" | "scheme" | "credentials" | "too_long" | "lookalike" | "not_allowed";

const MAX_LENGTH = 2048;
const LATIN = /[a-z]/i;
const NON_LATIN_LETTER = /[^\p{Script=Latin}\p{N}\p{P}\p{S}]/u;

export function checkTargetUrl(raw: string, allowedHosts: readonly string[] = []): { ok: true; url: string } | { ok: false; problem: TargetUrlProblem } {
  const value = raw.trim();
  if (value.length > MAX_LENGTH) return { ok: false, problem: "too_long" };
  if (!/^https?:\/\//i.test(value)) return { ok: false, problem: "scheme" };
  // Backslashes and whitespace are normalised differently by browsers and parsers: refuse them.
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return { ok: false, problem: "invalid" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (url.username || url.password || value.slice(0, value.indexOf("/", 8) >>> 0).includes("@")) return { ok: false, problem: "credentials" };
  if (!url.hostname.includes(".") && url.hostname !== "localhost") return { ok: false, problem: "invalid" };
  const unicodeHost = domainToUnicode(url.hostname);
  if (unicodeHost.split(".").some((label) => LATIN.test(label) && NON_LATIN_LETTER.test(label))) return { ok: false, problem: "lookalike" };
  if (allowedHosts.length > 0 && !allowedHosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`))) {
    return { ok: false, problem: "not_allowed" };
  }
  return { ok: true, url: value };
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
  const added = entries.map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
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

/** A URL as a person reads it: percent-escapes of Cyrillic and spaces decoded where that is safe. */
export function displayUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
