import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";
import { ErrorSummary, Field } from "../components/form-field.js";

export type UtmPresetView = { name: "telegram" | "vk" | "whatsapp" | "email" | "offline"; utm_source: string; utm_medium: string };

export type LinkFormPageProps = {
  /** null for a new link */
  linkId: number | null;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  landings: { id: number; title: string }[];
  presets: UtmPresetView[];
};

const utmFields = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"] as const;
const types = ["direct", "landing", "iframe"] as const;
type LinkType = (typeof types)[number];

/**
 * The chosen type shows only its own fields (CSS `:has()` in 40-links.css). Without `:has()` every
 * group is visible under its own heading and the server reads the chosen type's fields only.
 */
export function LinkFormPage({ linkId, values, errors, landings, presets }: LinkFormPageProps) {
  const type: LinkType = types.includes(values.link_type as LinkType) ? (values.link_type as LinkType) : "direct";
  const f = t.links.fields;
  const utmOpen = utmFields.some((n) => values[n] || errors[n]) || Boolean(values.utm_preset || errors.utm_preset);
  return (
    <>
      <h1>{linkId ? t.links.editHeading : t.links.createHeading}</h1>
      <section class="card narrow link-form-card">
        <ErrorSummary title={t.validation.formErrors} errors={inFormOrder(errors)} />
        <form method="post" action={linkId ? `/links/${linkId}` : "/links"} class="form link-form" novalidate>
          <fieldset class="choice link-types">
            <legend>{f.type}</legend>
            {types.map((value, i) => (
              <label class="choice-option link-type-option">
                <input type="radio" name="link_type" value={value} checked={type === value} id={i === 0 ? "f-link_type" : undefined} />
                <span>
                  {f.types[value]}
                  <span class="hint block">{f.typeHints[value]}</span>
                </span>
              </label>
            ))}
            {errors.link_type && <p class="error">{errors.link_type}</p>}
          </fieldset>
          <TypeGroup type="direct">
            <UrlField value={values.target_url} error={errors.target_url} />
          </TypeGroup>
          <TypeGroup type="landing">
            <LandingField value={values.landing_id} error={errors.landing_id} landings={landings} />
          </TypeGroup>
          <TypeGroup type="iframe">
            <p class="hint">{f.iframeNote}</p>
          </TypeGroup>
          <Field name="title" label={`${f.title} (${f.required})`} hint={f.titleHint} value={values.title} error={errors.title} required maxlength={200} />
          <details class="utm" open={utmOpen}>
            <summary>{f.utmSection}</summary>
            <div class="utm-body">
              <p class="hint">{f.utmIntro}</p>
              <Presets presets={presets} value={values.utm_preset} error={errors.utm_preset} />
              {utmFields.map((name) => (
                <Field name={name} label={f.utm[name].label} hint={f.utm[name].hint} value={values[name]} error={errors[name]} maxlength={200} />
              ))}
            </div>
          </details>
          <div class="actions">
            <button type="submit" class="button">
              {t.save}
            </button>
            <a class="button button-link" href={linkId ? `/links/${linkId}` : "/links"}>
              {t.cancel}
            </a>
          </div>
        </form>
      </section>
      <script src="/static/link-form.js" defer />
    </>
  );
}

const fieldOrder = ["link_type", "target_url", "landing_id", "title", "utm_preset", ...utmFields];

/** The summary lists the errors top to bottom, as the fields come. */
function inFormOrder(errors: Partial<Record<string, string>>): Record<string, string | undefined> {
  const known = Object.fromEntries(fieldOrder.map((name) => [name, errors[name]]));
  return { ...known, ...errors };
}

function TypeGroup({ type, children }: { type: LinkType; children: Child }) {
  return (
    <fieldset class={`link-type-group link-type-${type}`}>
      <legend>{t.links.fields.groups[type]}</legend>
      {children}
    </fieldset>
  );
}

/** Like Field, but a URL keyboard on phones and no autocorrection of the address. */
function UrlField({ value, error }: { value: string | undefined; error: string | undefined }) {
  const f = t.links.fields;
  const described = ["f-target_url-hint", error ? "f-target_url-error" : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for="f-target_url">{`${f.targetUrl} (${f.required})`}</label>
      <p class="hint" id="f-target_url-hint">
        {f.targetUrlHint}
      </p>
      {error && (
        <p class="error" id="f-target_url-error">
          {error}
        </p>
      )}
      <input
        id="f-target_url"
        name="target_url"
        type="url"
        inputmode="url"
        value={value}
        maxlength={2048}
        required
        autocomplete="off"
        autocapitalize="off"
        spellcheck={false}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

function LandingField({ value, error, landings }: { value: string | undefined; error: string | undefined; landings: { id: number; title: string }[] }) {
  const f = t.links.fields;
  const described = ["f-landing_id-hint", error ? "f-landing_id-error" : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for="f-landing_id">{`${f.landing} (${f.required})`}</label>
      <p class="hint" id="f-landing_id-hint">
        {landings.length === 0 ? (
          <>
            {f.noLandings} <a href="/landings/new">{f.createLanding}</a>
          </>
        ) : (
          f.landingHint
        )}
      </p>
      {error && (
        <p class="error" id="f-landing_id-error">
          {error}
        </p>
      )}
      <select id="f-landing_id" name="landing_id" aria-invalid={error ? "true" : undefined} aria-describedby={described}>
        <option value="">{f.chooseLanding}</option>
        {landings.map((l) => (
          <option value={String(l.id)} selected={value === String(l.id)}>
            {l.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * With JavaScript: a row of buttons that fill source and medium at once. Without it: a select the
 * server applies to the fields left empty. static/link-form.js swaps one for the other.
 */
function Presets({ presets, value, error }: { presets: UtmPresetView[]; value: string | undefined; error: string | undefined }) {
  const f = t.links.fields;
  const described = ["f-utm_preset-hint", error ? "f-utm_preset-error" : ""].filter(Boolean).join(" ");
  return (
    <div class="utm-presets">
      <fieldset class="utm-preset-buttons" data-utm-presets hidden>
        <legend class="utm-preset-label">{f.utmPresets}</legend>
        <div class="utm-preset-row">
          {presets.map((p) => (
            <button
              type="button"
              class="button button-secondary button-small"
              data-utm-source={p.utm_source}
              data-utm-medium={p.utm_medium}
              data-applied={f.utmPresetApplied(f.presets[p.name])}
            >
              {f.presets[p.name]}
            </button>
          ))}
        </div>
      </fieldset>
      <div class={error ? "field field-invalid" : "field"} data-utm-preset-select>
        <label for="f-utm_preset">{f.utmPresets}</label>
        <p class="hint" id="f-utm_preset-hint">
          {f.utmPresetHint}
        </p>
        {error && (
          <p class="error" id="f-utm_preset-error">
            {error}
          </p>
        )}
        <select id="f-utm_preset" name="utm_preset" aria-describedby={described} aria-invalid={error ? "true" : undefined}>
          <option value="">{f.utmPresetNone}</option>
          {presets.map((p) => (
            <option value={p.name} selected={value === p.name}>
              {f.presets[p.name]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
