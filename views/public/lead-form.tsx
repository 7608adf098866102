import { t } from "../../src/i18n/ru.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";

export type LeadFormProps = {
  action: string;
  token: string;
  buttonText: string;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  /** Disabled in the editor's preview. */
  disabled?: boolean;
};

/**
 * The lead form: a plain POST (303 to the thank-you state) that htmx upgrades to an in-place swap.
 * The honeypot field is hidden from people and screen readers; bots fill it.
 */
export function LeadForm(p: LeadFormProps) {
  const formError = p.errors._form;
  return (
    <form
      method="post"
      action={p.action}
      hx-post={p.disabled ? undefined : p.action}
      hx-target="this"
      hx-swap="outerHTML"
      class="form lp-form"
      id="lead-form"
      novalidate
    >
      <FormError message={formError ?? (Object.keys(p.errors).length ? t.validation.formErrors : undefined)} />
      <input type="hidden" name="form_token" value={p.token} />
      <div class="lp-honeypot" aria-hidden="true">
        <label for="f-website">{t.publicForm.honeypot}</label>
        <input id="f-website" name="website" tabindex={-1} autocomplete="off" />
      </div>
      <Field name="name" label={t.publicForm.name} value={p.values.name} error={p.errors.name} required maxlength={100} autocomplete="name" />
      <Field
        name="phone"
        type="tel"
        label={t.publicForm.phone}
        value={p.values.phone}
        error={p.errors.phone}
        hint={t.publicForm.contactHint}
        autocomplete="tel"
      />
      <Field name="email" type="email" label={t.publicForm.email} value={p.values.email} error={p.errors.email} autocomplete="email" maxlength={254} />
      <Field
        name="company"
        label={`${t.publicForm.company} (${t.publicForm.optional})`}
        value={p.values.company}
        error={p.errors.company}
        maxlength={200}
        autocomplete="organization"
      />
      <TextAreaField
        name="comment"
        label={`${t.publicForm.comment} (${t.publicForm.optional})`}
        value={p.values.comment}
        error={p.errors.comment}
        maxlength={2000}
        rows={3}
      />
      <button type="submit" class="button lp-button" disabled={p.disabled}>
        {p.buttonText}
      </button>
      <p class="hint">{t.publicForm.consent}</p>
    </form>
  );
}

export function ThankYou() {
  return (
    <div class="lp-thanks" id="lead-form" role="status">
      <h2>{t.publicForm.thanksTitle}</h2>
      <p>{t.publicForm.thanksText}</p>
    </div>
  );
}
