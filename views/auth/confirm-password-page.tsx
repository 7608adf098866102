import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type ConfirmPasswordPageProps = {
  /** The URL the original form posted to; the confirmation posts there again. */
  action: string;
  /** The original form's fields in order (a repeated name appears once per value); never a password. */
  fields: ReadonlyArray<readonly [name: string, value: string]>;
  /** The name of the password input, which the server takes out before the action runs. */
  passwordName: string;
  email: string;
  windowMinutes: number;
  error?: string | undefined;
};

/**
 * Sudo mode: the password again before a sensitive action. What the user typed travels on as hidden
 * inputs, so confirming finishes the action instead of starting it over.
 */
export function ConfirmPasswordPage(p: ConfirmPasswordPageProps) {
  const r = t.auth.reauth;
  return (
    <section class="auth-card" aria-labelledby="auth-heading">
      <h1 id="auth-heading">{r.title}</h1>
      <p>{r.explanation(p.windowMinutes)}</p>
      <FormError message={p.error} />
      <form method="post" action={p.action} class="form" novalidate>
        {p.fields.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p class="muted">
          {r.signedInAs} <strong>{p.email}</strong>
        </p>
        {/* For password managers, which look for the account next to a password; no name, so it is not sent. */}
        <input type="email" autocomplete="username" value={p.email} hidden readonly />
        <Field name={p.passwordName} type="password" label={t.auth.fields.password} required autocomplete="current-password" />
        <p class="hint">{r.kept}</p>
        <button type="submit" class="button button-block">
          {r.submit}
        </button>
      </form>
    </section>
  );
}
