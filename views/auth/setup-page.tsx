import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type SetupPageProps = { token: string; values: Record<string, string>; errors: Partial<Record<string, string>> };

/** The one-time page that creates the first admin when none is configured. */
export function SetupPage({ token, values, errors }: SetupPageProps) {
  return (
    <section class="auth-card" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{t.auth.setupHeading}</h1>
      <p class="muted">{t.auth.setupIntro}</p>
      <FormError message={errors._form ?? (Object.keys(errors).length ? t.validation.formErrors : undefined)} />
      <form method="post" action={`/setup/${token}`} class="form" novalidate>
        <Field name="name" label={t.auth.fields.name} value={values.name} error={errors.name} required maxlength={100} />
        <Field name="email" type="email" label={t.auth.fields.email} value={values.email} error={errors.email} required autocomplete="username" />
        <Field
          name="password"
          type="password"
          label={t.auth.fields.password}
          error={errors.password}
          hint={t.auth.fields.passwordHint}
          required
          autocomplete="new-password"
        />
        <button type="submit" class="button button-block">
          {t.auth.setupSubmit}
        </button>
      </form>
    </section>
  );
}

/** A used, replaced or mistyped setup link: what the link is and where a new one comes from. */
export function SetupLinkInvalid() {
  return (
    <section class="auth-card" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{t.auth.setupHeading}</h1>
      <p class="flash flash-error" role="alert">
        {t.auth.setupInvalid}
      </p>
      <p>{t.auth.setupInvalidHint}</p>
      <p class="auth-switch">
        <a href="/login">{t.auth.loginLink}</a>
      </p>
    </section>
  );
}
