/** Form schemas of the admin's money tools: rates, amounts and commissions with a reason. */
import { z } from "zod";
import { t } from "../../i18n/ru.js";
import { requiredText } from "../../web/fields.js";
import { parseMoney, parseRatePercent } from "./money-input.js";

export const NOTE_MAX = 500;

/** «150 000,50» → 15 000 050 kopecks, with the message for what is wrong next to the field. */
export const moneyField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parsed = parseMoney(v ?? "");
    if (parsed.ok) return parsed.kopecks;
    ctx.addIssue({ code: "custom", message: t.moneyTools.money[parsed.reason] });
    return z.NEVER;
  });

export const ratePercentField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parsed = parseRatePercent(v ?? "");
    if (parsed.ok) return parsed.bp;
    ctx.addIssue({ code: "custom", message: t.moneyTools.rate.errors[parsed.reason] });
    return z.NEVER;
  });

const note = requiredText(NOTE_MAX, true);

export const rateInput = z.object({ rate: ratePercentField });
// Each form's reason has its own name: both forms sit on one page, and a field's id comes from its name.
export const amountInput = z.object({ amount: moneyField, amount_reason: note });
export const commissionInput = z.object({ commission: moneyField, commission_reason: note });
export const flagInput = z.object({ note });
