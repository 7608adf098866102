import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type LinkFormPageProps = {
  /** null for a new link */
  linkId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
};

const utmFields = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"] as const;

export function LinkFormPage({ linkId, values, errors }: LinkFormPageProps) {
  return (
    <>
      <h1>{linkId ? t.links.editHeading : t.links.createHeading}</h1>
      <section class="card narrow">
        <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
        <form method="post" action={linkId ? `/links/${linkId}` : "/links"} class="form" novalidate>
          <input type="hidden" name="link_type" value="direct" />
          <Field name="title" label={t.links.fields.title} hint={t.links.fields.titleHint} value={values.title} error={errors.title} required maxlength={200} />
          <Field
            name="target_url"
            label={t.links.fields.targetUrl}
            hint={t.links.fields.targetUrlHint}
            value={values.target_url}
            error={errors.target_url}
            required
            maxlength={2048}
          />
          <fieldset class="utm">
            <legend>{t.links.fields.utmSection}</legend>
            <p class="hint">{t.links.fields.utmHint}</p>
            {utmFields.map((name) => (
              <Field name={name} label={name} value={values[name]} error={errors[name]} maxlength={200} />
            ))}
          </fieldset>
          <button type="submit" class="button">
            {t.save}
          </button>
        </form>
      </section>
    </>
  );
}
