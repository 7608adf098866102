/**
 * What an admin types for money and rates, turned into integers without floats: «150 000,50» or
 * «150000.5» → 15 000 050 kopecks; «12,5» % → 1 250 basis points. Reason codes, not sentences.
 */
import { MAX_RATE_BP } from "./commissions.js";

/** 1 000 000 000 ₽: far above any real deal, and well inside the safe integer range. */
export const MAX_MONEY_KOPECKS = 100_000_000_000;

export type MoneyParse = { ok: true; kopecks: number } | { ok: false; reason: "empty" | "invalid" | "negative" | "too_large" };
export type RateParse = { ok: true; bp: number } | { ok: false; reason: "empty" | "invalid" | "negative" | "too_large" | "too_precise" };

// Spaces people and spreadsheets put between thousands: plain, no-break, narrow no-break, thin.
const GROUP_SPACES = /[ \u00a0\u202f\u2009]/g;

/** Digits with an optional comma or dot and up to two decimals; an optional trailing rouble sign. */
export function parseMoney(raw: string): MoneyParse {
  const text = raw.replace(GROUP_SPACES, "").replace(/₽$/, "");
  if (text === "") return { ok: false, reason: "empty" };
  if (/^[-\u2212]/.test(text)) return /^[-\u2212]\d/.test(text) ? { ok: false, reason: "negative" } : { ok: false, reason: "invalid" };
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return { ok: false, reason: "invalid" };
  const whole = (match[1] ?? "").replace(/^0+(?=\d)/, "");
  // Long digit strings are refused before any arithmetic, so no number ever loses precision.
  if (whole.length > 12) return { ok: false, reason: "too_large" };
  const kopecks = Number(whole) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return kopecks > MAX_MONEY_KOPECKS ? { ok: false, reason: "too_large" } : { ok: true, kopecks };
}

/** A percentage 0–100 with up to two decimals → basis points (1 % = 100). */
export function parseRatePercent(raw: string): RateParse {
  const text = raw.replace(GROUP_SPACES, "").replace(/%$/, "");
  if (text === "") return { ok: false, reason: "empty" };
  if (/^[-\u2212]\d/.test(text)) return { ok: false, reason: "negative" };
  const match = /^(\d{1,6})(?:[.,](\d+))?$/.exec(text);
  if (!match) return { ok: false, reason: "invalid" };
  const decimals = match[2] ?? "";
  if (decimals.length > 2) return { ok: false, reason: "too_precise" };
  const bp = Number(match[1]) * 100 + Number(decimals.padEnd(2, "0"));
  return bp > MAX_RATE_BP ? { ok: false, reason: "too_large" } : { ok: true, bp };
}
