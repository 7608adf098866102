import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type RegisterPageProps = {
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  /** A message about the whole form (too many sign-ups, server busy) instead of the generic one. */
  error?: string | undefined;
};

export function RegisterPage({ values, errors, error }: RegisterPageProps) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <section class="auth-card" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{t.auth.registerHeading}</h1>
      <p class="muted">{t.auth.registerIntro}</p>
      <FormError message={error ?? (hasErrors ? t.validation.formErrors : undefined)} />
      <form method="post" action="/register" class="form" novalidate>
        <Field name="name" label={t.auth.fields.name} value={values.name} error={errors.name} required maxlength={100} autocomplete="name" />
        <Field name="email" type="email" label={t.auth.fields.email} value={values.email} error={errors.email} required autocomplete="email" />
        <Field
          name="password"
          type="password"
          label={t.auth.fields.password}
          error={errors.password}
          hint={t.auth.fields.passwordHint}
          required
          minlength={8}
          autocomplete="new-password"
        />
        <Field
          name="company"
          label={t.auth.fields.company}
          value={values.company}
          error={errors.company}
          hint={t.auth.fields.companyHint}
          maxlength={200}
          autocomplete="organization"
        />
        <Field
          name="phone"
          type="tel"
          label={t.auth.fields.phone}
          value={values.phone}
          error={errors.phone}
          hint={t.auth.fields.phoneHint}
          autocomplete="tel"
        />
        <button type="submit" class="button button-block">
          {t.auth.registerSubmit}
        </button>
      </form>
      <p class="auth-switch">
        {t.auth.haveAccount} <a href="/login">{t.auth.loginLink}</a>
      </p>
    </section>
  );
}
