/**
 * Checks of Russian payout requisites (PRODUCT.md §1): bank card (Luhn), INN (taxpayer number,
 * 10/12 digits with the tax service's check digits), BIK (bank code) and bank accounts with the Bank of Russia control key.
 * Each check takes what a person typed and returns the normalised digits or a problem code.
 */

export type Checked<P extends string> = { ok: true; value: string } | { ok: false; problem: P };

/** Longer input is refused before any work: no field here is anywhere near this long. */
const MAX_INPUT = 64;

/** Spaces (any kind) and dashes are how people group digits; they carry no meaning. */
function digitsOf(input: string, separators: RegExp): string | null {
  if (input.length > MAX_INPUT) return null;
  const digits = input.replace(separators, "");
  return /^\d+$/.test(digits) ? digits : null;
}

const GROUPING = /[\s\u00a0-]/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type CardProblem = "format" | "length" | "checksum";

/** 13–19 digits (Mir, Visa, Mastercard, UnionPay…), grouped with spaces or dashes, Luhn-valid. */
export function checkCardNumber(input: string): Checked<CardProblem> {
  const digits = digitsOf(input, GROUPING);
  if (digits === null) return { ok: false, problem: input.length > MAX_INPUT ? "length" : "format" };
  if (digits.length < 13 || digits.length > 19) return { ok: false, problem: "length" };
  // All zeros passes Luhn but is never a card.
  if (!luhnValid(digits) || /^0+$/.test(digits)) return { ok: false, problem: "checksum" };
  return { ok: true, value: digits };
}

/** Σ digit × weight mod 11 mod 10: the tax service's (FNS) published check digit. */
function innCheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((w, i) => {
    sum += Number(digits[i]) * w;
  });
  return (sum % 11) % 10;
}

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

export function innChecksumValid(digits: string): boolean {
  if (/^0+$/.test(digits)) return false;
  if (digits.length === 10) return innCheckDigit(digits, INN10_WEIGHTS) === Number(digits[9]);
  if (digits.length === 12) {
    return innCheckDigit(digits, INN12_WEIGHTS_11) === Number(digits[10]) && innCheckDigit(digits, INN12_WEIGHTS_12) === Number(digits[11]);
  }
  return false;
}

export type InnProblem = "format" | "length" | "individual_only" | "checksum";

/**
 * INN: 10 digits for a legal entity, 12 for a person (and a sole trader). `individualOnly` is for the
 * self-employed, who are always people.
 */
export function checkInn(input: string, options: { individualOnly?: boolean } = {}): Checked<InnProblem> {
  const digits = digitsOf(input, /\s/g);
  if (digits === null) return { ok: false, problem: input.length > MAX_INPUT ? "length" : "format" };
  if (options.individualOnly && digits.length === 10) return { ok: false, problem: "individual_only" };
  if (digits.length !== 12 && (options.individualOnly || digits.length !== 10)) return { ok: false, problem: "length" };
  if (!innChecksumValid(digits)) return { ok: false, problem: "checksum" };
  return { ok: true, value: digits };
}

export type BikProblem = "format" | "length" | "country";

/** BIK: 9 digits; Russian banks' start with 04 (the country code). */
export function checkBik(input: string): Checked<BikProblem> {
  const digits = digitsOf(input, /\s/g);
  if (digits === null) return { ok: false, problem: input.length > MAX_INPUT ? "length" : "format" };
  if (digits.length !== 9) return { ok: false, problem: "length" };
  if (!digits.startsWith("04")) return { ok: false, problem: "country" };
  return { ok: true, value: digits };
}

const KEY_WEIGHTS = [7, 1, 3] as const;

/**
 * The Bank of Russia control key (Bank of Russia regulation 579-P, the control key procedure):
 * over the 23 digits "3 digits from the BIK + 20-digit account", Σ digit × (7,1,3,7,1,3…) ends in 0.
 */
function keyValid(prefix: string, account: string): boolean {
  const all = prefix + account;
  let sum = 0;
  for (let i = 0; i < all.length; i++) sum += (Number(all[i]) * (KEY_WEIGHTS[i % 3] ?? 0)) % 10;
  return sum % 10 === 0;
}

/** A settlement account at a bank uses the BIK's last 3 digits; at a cash settlement centre, RKC (BIK ends in 000), "0" + BIK digits 5–6. */
export function accountKeyValid(account: string, bik: string): boolean {
  if (!/^\d{20}$/.test(account) || !/^\d{9}$/.test(bik)) return false;
  const prefix = bik.endsWith("000") ? `0${bik.slice(4, 6)}` : bik.slice(6);
  return keyValid(prefix, account);
}

/** A correspondent account is kept at the Bank of Russia: the key uses "0" + BIK digits 5–6. */
export function corrAccountKeyValid(corrAccount: string, bik: string): boolean {
  if (!/^\d{20}$/.test(corrAccount) || !/^\d{9}$/.test(bik)) return false;
  return keyValid(`0${bik.slice(4, 6)}`, corrAccount);
}

export type AccountProblem = "format" | "length" | "bik_mismatch";

/** A 20-digit account checked against an already valid BIK. */
export function checkAccount(input: string, bik: string): Checked<AccountProblem> {
  const digits = digitsOf(input, GROUPING);
  if (digits === null) return { ok: false, problem: input.length > MAX_INPUT ? "length" : "format" };
  if (digits.length !== 20) return { ok: false, problem: "length" };
  if (!accountKeyValid(digits, bik)) return { ok: false, problem: "bik_mismatch" };
  return { ok: true, value: digits };
}

/**
 * A bank's correspondent account is 301… at the Bank of Russia, ends in the BIK's last 3 digits and
 * has a key matching the BIK (banks of one region share the key prefix, hence the ending check).
 */
export function checkCorrAccount(input: string, bik: string): Checked<AccountProblem> {
  const digits = digitsOf(input, GROUPING);
  if (digits === null) return { ok: false, problem: input.length > MAX_INPUT ? "length" : "format" };
  if (digits.length !== 20) return { ok: false, problem: "length" };
  if (!digits.startsWith("301") || digits.slice(-3) !== bik.slice(-3) || !corrAccountKeyValid(digits, bik)) return { ok: false, problem: "bik_mismatch" };
  return { ok: true, value: digits };
}

/**
 * A card number the way it is printed on the card, in groups of four ("2200 1234 5678 9012"; a 19-digit
 * one ends in a group of three). Anything that is not plain digits comes back as is.
 */
export function groupCardNumber(digits: string): string {
  return /^\d+$/.test(digits) ? (digits.match(/\d{1,4}/g) ?? []).join(" ") : digits;
}

/** "•••• 1234": enough to recognise a card or account, useless to anyone else. */
export function maskNumber(digits: string): string {
  return `\u2022\u2022\u2022\u2022 ${digits.slice(-4)}`;
}
