/**
 * The signed render-time token of public lead forms: which link the form belongs to, when it was
 * rendered and a one-time nonce, under an HMAC with the installation secret. A bot that posts too
 * fast, an old page, a token for another link, or a token used twice is refused.
 */
import { createHmac, createSecretKey, type KeyObject, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * Faster than this is a script, not a person; about what browser autofill plus a tap takes. A
 * valid form sent sooner is not refused outright: the visitor is asked to press once more.
 */
export const MIN_FILL_MS = 1_000;
export const MAX_AGE_MS = 2 * 60 * 60_000;

export type TokenProblem = "invalid" | "too_fast" | "expired";

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let taken = 0;

/**
 * Fresh bytes of the CSPRNG as text, drawn from a 4 KB block filled at once: a landing GET needs
 * two small values (CSP nonce, form-token nonce), and one getrandom call each cost more than the
 * rest of the token. A block is never reused: each value gets bytes no other value got.
 */
export function randomText(bytes: number, encoding: "base64" | "base64url"): string {
  if (taken + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    taken = 0;
  }
  const text = pool.toString(encoding, taken, taken + bytes);
  taken += bytes;
  return text;
}

// The installation secret as a key object, prepared once instead of on every HMAC.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, "utf8"));
    keys.set(secret, key);
  }
  return key;
}

const sign = (secret: string, payload: string) => createHmac("sha256", keyOf(secret)).update(payload).digest("base64url");

export function issueFormToken(secret: string, linkId: number, now: number): string {
  const payload = `${linkId}.${now}.${randomText(12, "base64url")}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function checkFormToken(secret: string, token: string, linkId: number, now: number): { ok: true; nonce: string } | { ok: false; problem: TokenProblem } {
  const parts = token.split(".");
  if (parts.length !== 4) return { ok: false, problem: "invalid" };
  const [id, issued, nonce, mac] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(secret, `${id}.${issued}.${nonce}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: "invalid" };
  if (Number(id) !== linkId) return { ok: false, problem: "invalid" };
  const age = now - Number(issued);
  if (!Number.isFinite(age) || age < MIN_FILL_MS) return { ok: false, problem: "too_fast" };
  if (age > MAX_AGE_MS) return { ok: false, problem: "expired" };
  return { ok: true, nonce };
}
