import { t } from "../../src/i18n/ru.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";

export type ClientFormPageProps = {
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  links: Array<{ id: number; title: string }>;
};

export function ClientFormPage({ values, errors, links }: ClientFormPageProps) {
  const f = t.clients.fields;
  const linkError = errors.link_id;
  return (
    <>
      <p>
        <a href="/clients">{t.clients.details.back}</a>
      </p>
      <h1>{t.clients.newTitle}</h1>
      <section class="card narrow">
        <p class="hint form-intro">{t.clients.newIntro}</p>
        <FormError message={Object.keys(errors).length ? t.validation.formErrors : undefined} />
        <form method="post" action="/clients" class="form" novalidate>
          <Field name="name" label={f.name} value={values.name} error={errors.name} required maxlength={100} autocomplete="off" />
          <Field name="phone" type="tel" label={f.phone} hint={f.phoneHint} value={values.phone} error={errors.phone} maxlength={40} autocomplete="off" />
          <Field name="email" type="email" label={f.email} value={values.email} error={errors.email} maxlength={254} autocomplete="off" />
          <Field name="company" label={f.company} value={values.company} error={errors.company} maxlength={200} autocomplete="off" />
          <TextAreaField name="comment" label={f.comment} hint={f.commentHint} value={values.comment} error={errors.comment} maxlength={2000} />
          <div class={linkError ? "field field-invalid" : "field"}>
            <label for="f-link_id">{f.link}</label>
            <select
              id="f-link_id"
              name="link_id"
              aria-invalid={linkError ? "true" : undefined}
              aria-describedby={linkError ? "f-link_id-hint f-link_id-error" : "f-link_id-hint"}
            >
              <option value="">{t.clients.noLink}</option>
              {links.map((l) => (
                <option value={String(l.id)} selected={values.link_id === String(l.id)}>
                  {l.title}
                </option>
              ))}
            </select>
            <p class="hint" id="f-link_id-hint">
              {f.linkHint}
            </p>
            {linkError && (
              <p class="error" id="f-link_id-error">
                {linkError}
              </p>
            )}
          </div>
          <div class="actions">
            <button type="submit" class="button">
              {t.clients.addClient}
            </button>
            <a class="button button-secondary" href="/clients">
              {t.cancel}
            </a>
          </div>
        </form>
      </section>
    </>
  );
}
