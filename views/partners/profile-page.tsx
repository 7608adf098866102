import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type ProfilePageProps = {
  /** Partners and admins share this page; only partners have a code, a company and requisites. */
  role: "partner" | "admin";
  email: string;
  partnerCode: string | null;
  profile: { values: Record<string, string>; errors: Partial<Record<string, string>> };
  password: { errors: Partial<Record<string, string>> };
  /** The partner's payout requisites section (views/requisites); admins have none. */
  requisites?: Child;
};

export function ProfilePage(p: ProfilePageProps) {
  const profileErrors = Object.keys(p.profile.errors).length > 0;
  return (
    <>
      <h1>{t.partners.profileHeading}</h1>
      {/* A partner comes here for the requisites more often than for the password: they sit beside the details. */}
      <div class="grid-2">
        <section class="card">
          <h2>{t.partners.profileSection}</h2>
          <dl class="facts">
            <dt>{t.partners.email}</dt>
            <dd>
              {p.email}
              {p.role === "partner" && <p class="hint">{t.partners.emailReadonlyHint}</p>}
            </dd>
            {p.partnerCode && (
              <>
                <dt>{t.partners.partnerCode}</dt>
                <dd>
                  <code class="code">{p.partnerCode}</code>
                  <p class="hint">{t.partners.partnerCodeHint}</p>
                </dd>
              </>
            )}
          </dl>
          <FormError message={profileErrors ? t.validation.formErrors : undefined} />
          <form method="post" action="/profile" class="form" novalidate>
            <Field
              name="name"
              label={t.auth.fields.name}
              value={p.profile.values.name}
              error={p.profile.errors.name}
              required
              maxlength={100}
              autocomplete="name"
            />
            {p.role === "partner" && (
              <Field
                name="company"
                label={t.auth.fields.company}
                value={p.profile.values.company}
                error={p.profile.errors.company}
                hint={t.auth.fields.companyHint}
                maxlength={200}
                autocomplete="organization"
              />
            )}
            <Field
              name="phone"
              type="tel"
              label={t.auth.fields.phone}
              value={p.profile.values.phone}
              error={p.profile.errors.phone}
              hint={t.auth.fields.phoneHint}
              autocomplete="tel"
            />
            <button type="submit" class="button">
              {t.save}
            </button>
          </form>
        </section>
        {p.requisites ?? <PasswordCard errors={p.password.errors} />}
      </div>
      {p.requisites && (
        <div class="grid-2">
          <PasswordCard errors={p.password.errors} />
        </div>
      )}
    </>
  );
}

function PasswordCard({ errors }: { errors: Partial<Record<string, string>> }) {
  const passwordErrors = Object.keys(errors).length > 0;
  return (
    <section class="card">
      <h2>{t.partners.passwordSection}</h2>
      <FormError message={passwordErrors ? t.validation.formErrors : undefined} />
      <form method="post" action="/profile/password" class="form" novalidate>
        <Field
          name="current_password"
          type="password"
          label={t.auth.fields.currentPassword}
          error={errors.current_password}
          required
          autocomplete="current-password"
        />
        <Field
          name="new_password"
          type="password"
          label={t.auth.fields.newPassword}
          error={errors.new_password}
          hint={t.auth.fields.passwordHint}
          required
          autocomplete="new-password"
        />
        <Field
          name="confirm_password"
          type="password"
          label={t.auth.fields.confirmPassword}
          error={errors.confirm_password}
          required
          autocomplete="new-password"
        />
        <button type="submit" class="button">
          {t.partners.passwordSubmit}
        </button>
      </form>
    </section>
  );
}
