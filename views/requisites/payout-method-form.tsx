import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";
import { groupCardNumber } from "../../src/lib/requisites.js";
import { Field, FormError } from "../components/form-field.js";
import { DigitsField } from "./digits-field.js";

export type PayoutMethodFormProps = {
  action: string;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  submitLabel: string;
};

const kinds = ["card", "bank_account", "self_employed"] as const;
type Kind = (typeof kinds)[number];

/**
 * One form for every kind. Each field is wrapped with the kinds it belongs to; CSS (`:has`) shows the
 * chosen kind's fields only. Without that CSS every field is visible and the server still reads only
 * the chosen kind's ones, so the form works everywhere.
 */
export function PayoutMethodForm({ action, values, errors, submitLabel }: PayoutMethodFormProps) {
  const kind = kinds.includes(values.kind as Kind) ? values.kind : "card";
  const f = t.requisites.fields;
  return (
    <>
      <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
      <form method="post" action={action} class="form req-form" novalidate>
        <fieldset class="choice">
          <legend>{f.kind}</legend>
          {kinds.map((value) => (
            <label class="choice-option">
              <input type="radio" name="kind" value={value} checked={kind === value} />
              <span>
                {t.requisites.kinds[value]}
                <span class="hint block">{t.requisites.kindHints[value]}</span>
              </span>
            </label>
          ))}
          {errors.kind && <p class="error">{errors.kind}</p>}
        </fieldset>
        <For kinds={["card", "bank_account", "self_employed"]}>
          <Field
            name="recipient"
            label={f.recipient}
            hint={f.recipientHint}
            value={values.recipient}
            error={errors.recipient}
            required
            maxlength={200}
            autocomplete="name"
          />
        </For>
        <For kinds={["card", "self_employed"]}>
          <DigitsField
            name="card_number"
            label={f.cardNumber}
            hint={f.cardNumberHint}
            value={values.card_number && groupCardNumber(values.card_number)}
            error={errors.card_number}
            required
            maxlength={40}
            autocomplete="cc-number"
            card
          />
        </For>
        <For kinds={["bank_account", "self_employed"]}>
          <DigitsField name="inn" label={f.inn} hint={f.innHint} value={values.inn} error={errors.inn} required maxlength={20} />
        </For>
        <For kinds={["bank_account"]}>
          <DigitsField name="bik" label={f.bik} hint={f.bikHint} value={values.bik} error={errors.bik} required maxlength={20} />
          <DigitsField name="account" label={f.account} hint={f.accountHint} value={values.account} error={errors.account} required maxlength={40} />
          <DigitsField
            name="corr_account"
            label={f.corrAccount}
            hint={f.corrAccountHint}
            value={values.corr_account}
            error={errors.corr_account}
            maxlength={40}
          />
          <Field name="bank_name" label={f.bankName} value={values.bank_name} error={errors.bank_name} required maxlength={200} autocomplete="off" />
        </For>
        <For kinds={["self_employed"]}>
          <div class={errors.npd_confirmed ? "field field-invalid" : "field"}>
            <label class="choice-option">
              <input
                type="checkbox"
                name="npd_confirmed"
                value="1"
                checked={values.npd_confirmed === "1"}
                aria-invalid={errors.npd_confirmed ? "true" : undefined}
                aria-describedby={errors.npd_confirmed ? "f-npd_confirmed-error" : undefined}
              />
              <span>{f.npdConfirmed}</span>
            </label>
            {errors.npd_confirmed && (
              <p class="error" id="f-npd_confirmed-error">
                {errors.npd_confirmed}
              </p>
            )}
          </div>
        </For>
        <div>
          <button type="submit" class="button">
            {submitLabel}
          </button>
        </div>
      </form>
      <script src="/static/requisites.js" defer />
    </>
  );
}

/** Marks fields as belonging to some kinds (see static/css/65-requisites.css). */
function For({ kinds: forKinds, children }: { kinds: Kind[]; children: Child }) {
  return <div class={`req-fields ${forKinds.map((k) => `req-${k}`).join(" ")}`}>{children}</div>;
}
