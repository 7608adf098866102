import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type CreatePartnerPageProps = { values: Record<string, string>; errors: Partial<Record<string, string>> };

export function CreatePartnerPage({ values, errors }: CreatePartnerPageProps) {
  return (
    <>
      <h1>{t.partners.admin.createHeading}</h1>
      <section class="card narrow">
        <p class="muted">{t.partners.admin.createIntro}</p>
        <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
        <form method="post" action="/admin/partners" class="form" novalidate>
          <Field name="name" label={t.auth.fields.name} value={values.name} error={errors.name} required maxlength={100} />
          <Field name="email" type="email" label={t.auth.fields.email} value={values.email} error={errors.email} required />
          <Field
            name="password"
            type="password"
            label={t.auth.fields.password}
            error={errors.password}
            hint={t.auth.fields.passwordHint}
            required
            autocomplete="new-password"
          />
          <Field name="company" label={t.auth.fields.company} value={values.company} error={errors.company} hint={t.auth.fields.companyHint} maxlength={200} />
          <Field name="phone" type="tel" label={t.auth.fields.phone} value={values.phone} error={errors.phone} hint={t.auth.fields.phoneHint} />
          <button type="submit" class="button">
            {t.partners.admin.createSubmit}
          </button>
        </form>
      </section>
    </>
  );
}
