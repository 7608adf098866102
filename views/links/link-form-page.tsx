import { t } from "../../src/i18n/ru.js";
import { Field, FormError } from "../components/form-field.js";

export type LinkFormPageProps = {
  /** null for a new link */
  linkId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  landings: { id: number; title: string }[];
};

const utmFields = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"] as const;
const types = ["direct", "landing", "iframe"] as const;

/** Without JavaScript every field is visible; the type decides which of them counts. */
export function LinkFormPage({ linkId, values, errors, landings }: LinkFormPageProps) {
  const type = values.link_type ?? "direct";
  return (
    <>
      <h1>{linkId ? t.links.editHeading : t.links.createHeading}</h1>
      <section class="card narrow">
        <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
        <form method="post" action={linkId ? `/links/${linkId}` : "/links"} class="form" novalidate>
          <Field name="title" label={t.links.fields.title} hint={t.links.fields.titleHint} value={values.title} error={errors.title} required maxlength={200} />
          <fieldset class="choice">
            <legend>{t.links.fields.type}</legend>
            {types.map((value) => (
              <label class="choice-option">
                <input type="radio" name="link_type" value={value} checked={type === value} />
                <span>{t.links.fields.types[value]}</span>
              </label>
            ))}
            {errors.link_type && <p class="error">{errors.link_type}</p>}
          </fieldset>
          <Field
            name="target_url"
            label={t.links.fields.targetUrl}
            hint={t.links.fields.targetUrlHint}
            value={values.target_url}
            error={errors.target_url}
            maxlength={2048}
          />
          <div class={errors.landing_id ? "field field-invalid" : "field"}>
            <label for="f-landing_id">{t.links.fields.landing}</label>
            <select id="f-landing_id" name="landing_id" aria-describedby={errors.landing_id ? "f-landing_id-error" : undefined}>
              <option value="">{t.links.fields.chooseLanding}</option>
              {landings.map((l) => (
                <option value={String(l.id)} selected={values.landing_id === String(l.id)}>
                  {l.title}
                </option>
              ))}
            </select>
            {landings.length === 0 && <p class="hint">{t.links.fields.noLandings}</p>}
            {errors.landing_id && (
              <p class="error" id="f-landing_id-error">
                {errors.landing_id}
              </p>
            )}
          </div>
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
