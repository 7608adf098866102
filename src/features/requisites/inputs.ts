/**
 * The payout-method form: one form with a kind choice. Every field is submitted (without JS they are
 * all visible), but only the chosen kind's fields are read and validated.
 */
import { z } from "zod";
import { payoutMethodKinds } from "../../db/schema.js";
import { t } from "../../i18n/ru.js";
import { checkAccount, checkBik, checkCardNumber, checkCorrAccount, checkInn } from "../../lib/requisites.js";
import { requiredText } from "../../web/fields.js";
import type { PayoutMethodData } from "./requisites.js";

type Ctx = z.RefinementCtx;
const e = t.requisites.errors;

const nameField = requiredText(200);

function text(ctx: Ctx, field: string, raw: string | undefined): string {
  const parsed = nameField.safeParse(raw ?? "");
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", path: [field], message: parsed.error.issues[0]?.message ?? t.validation.required });
  return "";
}

function fail(ctx: Ctx, field: string, message: string): string {
  ctx.addIssue({ code: "custom", path: [field], message });
  return "";
}

const blank = (raw: string | undefined) => (raw ?? "").trim() === "";

function cardNumber(ctx: Ctx, raw: string | undefined): string {
  if (blank(raw)) return fail(ctx, "card_number", t.validation.required);
  const checked = checkCardNumber(raw ?? "");
  return checked.ok ? checked.value : fail(ctx, "card_number", e.card[checked.problem]);
}

function inn(ctx: Ctx, raw: string | undefined, individualOnly: boolean): string {
  if (blank(raw)) return fail(ctx, "inn", t.validation.required);
  const checked = checkInn(raw ?? "", { individualOnly });
  if (checked.ok) return checked.value;
  return fail(ctx, "inn", individualOnly && checked.problem === "length" ? e.inn.individual_only : e.inn[checked.problem]);
}

/** Bank account fields: the account and the correspondent account are checked against a valid BIK only. */
function bankAccount(ctx: Ctx, v: FormShape): PayoutMethodData {
  const recipient = text(ctx, "recipient", v.recipient);
  const innValue = inn(ctx, v.inn, false);
  const bik = blank(v.bik) ? { ok: false as const, problem: "required" as const } : checkBik(v.bik ?? "");
  if (!bik.ok) fail(ctx, "bik", bik.problem === "required" ? t.validation.required : e.bik[bik.problem]);
  let account = "";
  if (blank(v.account)) fail(ctx, "account", t.validation.required);
  else {
    const checked = checkAccount(v.account ?? "", bik.ok ? bik.value : "");
    if (checked.ok) account = checked.value;
    else if (checked.problem !== "bik_mismatch" || bik.ok) fail(ctx, "account", e.account[checked.problem]);
  }
  let corrAccount: string | null = null;
  if (!blank(v.corr_account)) {
    const checked = checkCorrAccount(v.corr_account ?? "", bik.ok ? bik.value : "");
    if (checked.ok) corrAccount = checked.value;
    else if (checked.problem !== "bik_mismatch" || bik.ok) fail(ctx, "corr_account", e.corrAccount[checked.problem]);
  }
  const bankName = text(ctx, "bank_name", v.bank_name);
  return { kind: "bank_account", details: { recipient, inn: innValue, bik: bik.ok ? bik.value : "", account, corrAccount, bankName } };
}

const optionalRaw = z.string().optional();
const formShape = z.object({
  kind: z.enum(payoutMethodKinds, e.kind),
  recipient: optionalRaw,
  card_number: optionalRaw,
  inn: optionalRaw,
  bik: optionalRaw,
  account: optionalRaw,
  corr_account: optionalRaw,
  bank_name: optionalRaw,
  npd_confirmed: optionalRaw,
});
type FormShape = z.infer<typeof formShape>;

export const payoutMethodInput = formShape.transform((v, ctx): PayoutMethodData => {
  if (v.kind === "card") {
    return { kind: "card", details: { recipient: text(ctx, "recipient", v.recipient), cardNumber: cardNumber(ctx, v.card_number) } };
  }
  if (v.kind === "bank_account") return bankAccount(ctx, v);
  const details = { recipient: text(ctx, "recipient", v.recipient), inn: inn(ctx, v.inn, true), cardNumber: cardNumber(ctx, v.card_number) };
  if (v.npd_confirmed !== "1") fail(ctx, "npd_confirmed", e.npdConfirmed);
  return { kind: "self_employed", details: { ...details, npdConfirmed: true } };
});

/** The form's values for an existing method (the edit page starts from them). */
export function formValuesOf(method: PayoutMethodData): Record<string, string> {
  const d = method.details;
  const values: Record<string, string> = { kind: method.kind, recipient: d.recipient };
  if ("cardNumber" in d) values.card_number = d.cardNumber;
  if ("inn" in d) values.inn = d.inn;
  if (method.kind === "bank_account") {
    Object.assign(values, {
      bik: method.details.bik,
      account: method.details.account,
      corr_account: method.details.corrAccount ?? "",
      bank_name: method.details.bankName,
    });
  }
  if (method.kind === "self_employed") values.npd_confirmed = "1";
  return values;
}
