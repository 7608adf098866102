/**
 * The "company and look" section on /admin/settings: the logo (its own multipart form and a confirmed
 * removal) and one form for name, colour, support contact and privacy-policy URL. The colour has a
 * native picker and a hex text field, both posted; the preview shows the saved colour, and
 * static/settings.js repaints it as the admin picks.
 */
import { t } from "../../src/i18n/ru.js";
import { ConfirmForm } from "../components/confirm.js";
import { Field, FormError } from "../components/form-field.js";

export type BrandSettings = {
  companyName: string | null;
  colour: string | null;
  supportContact: string | null;
  /** As a person reads it (Unicode host). */
  privacyPolicyUrl: string | null;
  logo: { src: string; width: number; height: number } | null;
};

export type BrandSectionProps = {
  brand: BrandSettings;
  /** The colour the cabinet uses while none is set; the picker starts there. */
  defaultColour: string;
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
};

export const BRAND_FIELDS = ["company_name", "colour", "support_contact", "privacy_policy_url"] as const;
const HEX = /^#[0-9a-f]{6}$/i;

function ColourField({ brand, defaultColour, values, errors }: BrandSectionProps) {
  const c = t.brand.colour;
  const error = errors.colour;
  const text = values.colour ?? brand.colour ?? "";
  const picked = values.colour_picker ?? "";
  // The picker needs a valid colour; what was typed comes first, then the saved one, then the default.
  const picker = [picked, text, brand.colour ?? "", defaultColour].find((v) => HEX.test(v))?.toLowerCase() ?? defaultColour;
  const described = ["f-colour-hint", error ? "f-colour-error" : ""].filter(Boolean).join(" ");
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for="f-colour">{c.label}</label>
      <div class="colour-input">
        <input type="color" id="f-colour_picker" name="colour_picker" value={picker} aria-label={c.pickerLabel} data-default={defaultColour} />
        <input
          type="text"
          id="f-colour"
          name="colour"
          value={text}
          maxlength={7}
          placeholder={defaultColour}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={described}
        />
      </div>
      <input type="hidden" name="colour_was" value={values.colour_was ?? brand.colour ?? ""} />
      <p class="hint" id="f-colour-hint">
        {c.hint}
      </p>
      {error && (
        <p class="error" id="f-colour-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The saved colour on a primary button, an active menu item and a link; settings.js repaints it live. */
function ColourPreview() {
  const c = t.brand.colour;
  return (
    <div class="colour-preview" id="colour-preview">
      <p class="colour-preview-title">{c.previewHeading}</p>
      <div class="colour-preview-row">
        <span class="button colour-preview-button">{c.previewButton}</span>
        <span class="colour-preview-nav">{c.previewNav}</span>
        <span class="colour-preview-link">{c.previewLink}</span>
      </div>
      <p class="hint colour-preview-note" id="colour-preview-note">
        {c.previewNote}
      </p>
    </div>
  );
}

function LogoBlock({ logo, error }: { logo: BrandSettings["logo"]; error: string | undefined }) {
  const l = t.brand.logo;
  const described = ["f-logo-hint", error ? "f-logo-error" : ""].filter(Boolean).join(" ");
  return (
    <div class="settings-logo" id="settings-logo">
      <h3 class="subheading">{l.heading}</h3>
      <div class="settings-logo-row">
        <div class="settings-logo-current">
          {logo ? <img src={logo.src} width={logo.width} height={logo.height} alt={l.current} /> : <p class="muted">{l.none}</p>}
        </div>
        <div class="settings-logo-actions">
          <form method="post" action="/admin/settings/brand/logo" enctype="multipart/form-data" class="form" id="settings-logo-upload">
            <div class={error ? "field field-invalid" : "field"}>
              <label for="f-logo">{l.label}</label>
              <input
                type="file"
                id="f-logo"
                name="logo"
                accept="image/png,image/jpeg,image/webp,image/svg+xml,.svg"
                aria-invalid={error ? "true" : undefined}
                aria-describedby={described}
              />
              <p class="hint" id="f-logo-hint">
                {l.hint}
              </p>
              {error && (
                <p class="error" id="f-logo-error">
                  {error}
                </p>
              )}
            </div>
          </form>
          {/* The upload button belongs to the form above (form attribute), so removal can sit beside it. */}
          <div class="actions">
            <button type="submit" form="settings-logo-upload" class="button button-secondary">
              {logo ? l.replace : l.upload}
            </button>
            {logo && <ConfirmForm action="/admin/settings/brand/logo/deletion" label={l.remove} question={l.removeQuestion} />}
          </div>
        </div>
      </div>
    </div>
  );
}

export function BrandSection(p: BrandSectionProps) {
  const b = t.brand;
  const { brand, values, errors } = p;
  return (
    <section class="card settings-section" id="brand" aria-labelledby="brand-heading">
      <h2 id="brand-heading">{b.heading}</h2>
      <p class="hint">{b.intro}</p>
      <LogoBlock logo={brand.logo} error={errors.logo} />
      <h3 class="subheading">{b.fieldsHeading}</h3>
      <FormError message={BRAND_FIELDS.some((name) => errors[name]) ? t.validation.formErrors : undefined} />
      <form method="post" action="/admin/settings/brand" class="form narrow" novalidate>
        <Field
          name="company_name"
          label={b.companyName.label}
          hint={b.companyName.hint}
          value={values.company_name ?? brand.companyName}
          error={errors.company_name}
          maxlength={120}
          autocomplete="organization"
        />
        <ColourField {...p} />
        <ColourPreview />
        <Field
          name="support_contact"
          label={b.supportContact.label}
          hint={b.supportContact.hint}
          value={values.support_contact ?? brand.supportContact}
          error={errors.support_contact}
          maxlength={200}
        />
        <Field
          name="privacy_policy_url"
          label={b.privacyPolicy.label}
          hint={b.privacyPolicy.hint}
          value={values.privacy_policy_url ?? brand.privacyPolicyUrl}
          error={errors.privacy_policy_url}
          maxlength={2048}
        />
        <div>
          <button type="submit" class="button">
            {b.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
