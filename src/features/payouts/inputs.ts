/** Form and query schemas of the payout pages (zod, Russian messages). */
import { z } from "zod";
import { payoutStatuses } from "../../db/schema.js";
import { t } from "../../i18n/ru.js";
import { optionalText, parseId, requiredText } from "../../web/fields.js";
import { isDay } from "../clients/period.js";
import { MAX_CLIENTS_PER_REQUEST } from "./balance.js";
import { MAX_HOLD_DAYS, MAX_MIN_KOPECKS } from "./payout-settings.js";

const SPACES = /[\s\u00a0\u202f]/g;
const ROUBLES = /^(\d{1,12})(?:[.,](\d{1,2}))?$/;

/** «1 234,56», «1234.5», «1 000 ₽» → kopecks as an integer, never through a float; null if it is not an amount. */
export function parseRoubles(raw: string): number | null {
  const m = ROUBLES.exec(raw.replace(SPACES, "").replace(/₽$/, ""));
  if (!m) return null;
  const kopecks = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(kopecks) ? kopecks : null;
}

/** Kopecks → «1234,56» for an input's value (no grouping, so it parses back as typed). */
export function roublesValue(kopecks: number): string {
  const rest = kopecks % 100;
  return rest === 0 ? String(kopecks / 100) : `${Math.trunc(kopecks / 100)},${String(rest).padStart(2, "0")}`;
}

/** The hidden one-time key of a request form: a second submit of the same form finds the first request. */
const requestKey = z.string(t.payouts.errors.staleForm).regex(/^[a-z0-9]{16,64}$/, t.payouts.errors.staleForm);

/** The request form's scalar fields; the chosen client ids come as repeated `client_id` values. */
export const requestInput = z.object({
  method_id: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const id = parseId(v?.trim());
      if (id === null) ctx.addIssue({ code: "custom", message: t.payouts.errors.method_missing });
      return id;
    }),
  comment: optionalText(1000, true),
  request_key: requestKey,
});

export const clientIdsInput = z
  .array(z.string())
  .max(MAX_CLIENTS_PER_REQUEST, t.payouts.errors.too_many_clients)
  .transform((values, ctx) => {
    const ids = values.map((v) => parseId(v.trim()));
    if (ids.some((id) => id === null)) ctx.addIssue({ code: "custom", message: t.payouts.errors.client_not_found });
    return ids.filter((id): id is number => id !== null);
  })
  .refine((ids) => ids.length > 0, t.payouts.errors.empty_selection);

export const rejectInput = z.object({ comment: requiredText(1000, true) });
export const decisionInput = z.object({ comment: optionalText(1000, true) });

const money = (message: string) =>
  z.string(message).transform((v, ctx) => {
    const kopecks = parseRoubles(v);
    if (kopecks === null || kopecks > MAX_MIN_KOPECKS) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return kopecks;
  });

export const settingsInput = z.object({
  hold_days: z
    .string(t.payoutsAdmin.settings.badHoldDays)
    .trim()
    .regex(/^\d{1,3}$/, t.payoutsAdmin.settings.badHoldDays)
    .transform(Number)
    .pipe(z.number().max(MAX_HOLD_DAYS, t.payoutsAdmin.settings.badHoldDays)),
  min_amount: money(t.payoutsAdmin.settings.badAmount),
});

const optionalMoney = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? parseRoubles(v) : null))
  .catch(null);
const day = z
  .string()
  .trim()
  .refine((v) => v === "" || isDay(v))
  .catch("");

/** The admin list's query string, read leniently: anything unknown means "no filter" (status: the pending queue). */
export const adminListQuery = z.object({
  status: z.enum(["all", ...payoutStatuses]).catch("pending"),
  partner: z
    .string()
    .transform((v) => parseId(v))
    .catch(null),
  amount_from: optionalMoney,
  amount_to: optionalMoney,
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AdminListQuery = z.infer<typeof adminListQuery>;

export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
