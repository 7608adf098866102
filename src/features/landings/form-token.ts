/**
 * The signed render-time token of public lead forms: which link the form belongs to, when it was
 * rendered and a one-time nonce, under an HMAC with the installation secret. A bot that posts too
 * fast, an old page, a token for another link, or a token used twice is refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const MIN_FILL_MS = 2_000;
export const MAX_AGE_MS = 2 * 60 * 60_000;

export type TokenProblem = "invalid" | "too_fast" | "expired";

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

export function issueFormToken(secret: string, linkId: number, now: number): string {
  const payload = `${linkId}.${now}.${randomBytes(12).toString("base64url")}`;
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
