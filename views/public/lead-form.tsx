import { t } from "../../src/i18n/ru.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";
import { safeHttpUrl } from "./public-chrome.js";

export type LeadFormProps = {
  action: string;
  token: string;
  buttonText: string;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  /** A neutral line above the fields (a valid form sent too fast): not an error of the data. */
  notice?: string | undefined;
  /** The company's privacy policy, linked from the consent line. */
  policyUrl?: string | null;
  /** The form heading (t.publicForm.formHeading) above the fields, at this level; inside the form, so the thank-you replaces it too. */
  heading?: "h1" | "h2";
  /** Disabled in the editor's preview. */
  disabled?: boolean;
};

/**
 * The lead form: a plain POST (303 to the thank-you state) that htmx upgrades to an in-place swap.
 * The honeypot field is hidden from people and screen readers; bots fill it.
 */
export function LeadForm(p: LeadFormProps) {
  const formError = p.errors._form;
  const policy = safeHttpUrl(p.policyUrl ?? null);
  return (
    <form
      method="post"
      action={p.action}
      hx-post={p.disabled ? undefined : p.action}
      hx-target="this"
      hx-swap="outerHTML"
      class="form lp-form"
      id="lead-form"
      aria-labelledby={p.heading ? "lead-form-title" : undefined}
      novalidate
    >
      {p.heading && (
        <div class="lp-form-head">
          {p.heading === "h1" ? <h1 id="lead-form-title">{t.publicForm.formHeading}</h1> : <h2 id="lead-form-title">{t.publicForm.formHeading}</h2>}
          <p class="hint">{t.publicForm.formLead}</p>
        </div>
      )}
      <FormError message={formError ?? (Object.keys(p.errors).length ? t.validation.formErrors : undefined)} />
      {p.notice && (
        <p class="lp-notice" role="status">
          {p.notice}
        </p>
      )}
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
        rows={2}
      />
      <button type="submit" class="button lp-button" disabled={p.disabled}>
        {p.buttonText}
      </button>
      <p class="hint lp-consent">
        {policy ? (
          <>
            {t.publicForm.consentLinked.before}
            <a href={policy} target="_blank" rel="noopener noreferrer">
              {t.publicForm.consentLinked.link}
              <span class="visually-hidden"> {t.publicForm.footer.opensInNewTab}</span>
            </a>
            {t.publicForm.consentLinked.after}
          </>
        ) : (
          t.publicForm.consent
        )}
      </p>
    </form>
  );
}

export function ThankYou() {
  return (
    <div class="lp-thanks" id="lead-form" role="status">
      <svg class="lp-thanks-icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="11" fill="currentColor" opacity=".15" />
        <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      <h2>{t.publicForm.thanksTitle}</h2>
      <p>{t.publicForm.thanksText}</p>
    </div>
  );
}
