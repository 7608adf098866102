import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type LoginPageProps = {
  email?: string;
  error?: string;
  next?: string | undefined;
  /** No admin can sign in yet: say where the one-time setup link was printed. */
  firstRun?: boolean;
};

export function LoginPage(p: LoginPageProps) {
  return (
    <section class="auth-card" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{t.auth.loginHeading}</h1>
      {p.firstRun && <FirstRunNote />}
      <FormError message={p.error} />
      <form method="post" action="/login" class="form" novalidate>
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <Field name="email" type="email" label={t.auth.fields.email} value={p.email} required autocomplete="username" />
        <Field name="password" type="password" label={t.auth.fields.password} required autocomplete="current-password" />
        <button type="submit" class="button button-block">
          {t.auth.loginSubmit}
        </button>
      </form>
      <p class="auth-switch">
        {t.auth.noAccount} <a href="/register">{t.auth.registerLink}</a>
      </p>
    </section>
  );
}

/** A fresh install: the operator, not a partner, is the one reading the login page. */
function FirstRunNote() {
  const n = t.auth.firstRun;
  return (
    <aside class="auth-note" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{n.title}</h2>
      <p>{n.where}</p>
      <p>{n.how}</p>
      <p class="auth-note-muted">{n.lost}</p>
    </aside>
  );
}
