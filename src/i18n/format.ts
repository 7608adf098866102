/** Formatting for the Russian UI: money in kopecks, dates in the app time zone, plurals. */
/** A Russian noun for one, few and many: ["воронка", "воронки", "воронок"]. */
export type PluralForms = [one: string, few: string, many: string];

const groupFormat = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 0 });
const NBSP = "\u00a0";
/** Narrow no-break space: the digit-group separator for counts (DESIGN.md «Numbers»). */
const NNBSP = "\u202f";

/** 123456 → "1 234,56 ₽" (non-breaking spaces, so an amount never wraps). Integer kopecks only. */
export function formatMoney(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`money must be integer kopecks, got ${kopecks}`);
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(kopecks);
  // Format whole roubles and kopecks separately so no float rounding can creep in.
  const roubles = groupFormat.format(Math.trunc(abs / 100)).replace(/\s/g, NBSP);
  const kop = String(abs % 100).padStart(2, "0");
  return `${sign}${roubles},${kop}${NBSP}₽`;
}

/**
 * A count grouped by thousands with a narrow no-break space (U+202F): 336465 → "336 465", so it
 * never wraps between groups. Integers only (a fraction is a caller bug — round first), like money.
 * Money keeps the wider no-break space U+00A0 its many callers and texts already use.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`count must be an integer, got ${n}`);
  const sign = n < 0 ? "-" : "";
  return `${sign}${groupFormat.format(Math.abs(n)).replace(/\s/g, NNBSP)}`;
}

/**
 * A ratio (0..1, so 0.125 is 12,5 %) as a percentage with exactly one decimal and a comma, the sign
 * after a no-break space U+00A0 as in the rate texts: 0.125 → "12,5 %", 1 → "100,0 %", 0 → "0,0 %".
 * Rounded half up to a tenth of a percent through integer per-mille, so 0.1235 → "12,4 %". The
 * caller decides what 0/0 means (there is no number to show); a non-finite ratio throws.
 */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) throw new RangeError(`percent needs a finite ratio, got ${ratio}`);
  // Scale by 1000 and round once; the epsilon keeps a binary-fraction product like 12.4999999 rounding up.
  const perMille = Math.round(Math.abs(ratio) * 1000 + 1e-9);
  const sign = ratio < 0 && perMille > 0 ? "-" : "";
  const whole = groupFormat.format(Math.trunc(perMille / 10)).replace(/\s/g, NNBSP);
  return `${sign}${whole},${perMille % 10}${NBSP}%`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("ru-RU", {
      timeZone,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hour12: false } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** UTC milliseconds → "dd.mm.yyyy" in the given IANA zone. */
export function formatDate(ms: number, timeZone: string): string {
  return cachedFormat(timeZone, false).format(ms);
}

/** UTC milliseconds → "dd.mm.yyyy, hh:mm" in the given IANA zone. */
export function formatDateTime(ms: number, timeZone: string): string {
  return cachedFormat(timeZone, true).format(ms);
}

const pluralRules = new Intl.PluralRules("ru");

/**
 * The noun form for a count, by Intl.PluralRules("ru"): "one" (1, 21, 101) → forms[0], "few" (2–4,
 * 22–24) → forms[1], "many" (0, 5–20, 11–14, 25, 111) → forms[2], "other" (fractions: 1,5) → forms[1],
 * since a fraction takes the genitive singular, the same word as "few" (1,5 заявки).
 * plural(5, ["заявка","заявки","заявок"]) → "заявок".
 */
export function plural(n: number, forms: PluralForms): string {
  switch (pluralRules.select(n)) {
    case "one":
      return forms[0];
    case "few":
    case "other":
      return forms[1];
    default:
      return forms[2];
  }
}

/**
 * The count and its noun: countOf(2, ["воронка","воронки","воронок"]) → "2 воронки"; a whole count
 * is grouped like formatCount ("14 000 переходов"), a fraction printed as is.
 */
export function countOf(n: number, forms: PluralForms): string {
  return `${Number.isSafeInteger(n) ? formatCount(n) : String(n)} ${plural(n, forms)}`;
}

/** A file size for people: «512 Б», «34 КБ», «2,4 МБ». */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} КБ`;
  return `${(bytes / (1024 * 1024)).toLocaleString("ru-RU", { maximumFractionDigits: 1 })} МБ`;
}
