import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type LoginPageProps = { email?: string; error?: string; next?: string };

export function LoginPage(p: LoginPageProps) {
  return (
    <section class="auth-card">
      <h1>{t.auth.loginHeading}</h1>
      <FormError message={p.error} />
      <form method="post" action="/login" class="form" novalidate>
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <Field name="email" type="email" label={t.auth.fields.email} value={p.email} required autocomplete="username" />
        <Field name="password" type="password" label={t.auth.fields.password} required autocomplete="current-password" />
        <button type="submit" class="button">
          {t.auth.loginSubmit}
        </button>
      </form>
      <p class="auth-switch">
        {t.auth.noAccount} <a href="/register">{t.auth.registerLink}</a>
      </p>
    </section>
  );
}
