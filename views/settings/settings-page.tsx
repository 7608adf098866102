import { t } from "../../src/i18n/ru.js";
import { hostForDisplay } from "../../src/lib/target-host.js";
import { displayUrl } from "../../src/lib/target-url.js";
import { ContactMaskingForm } from "../clients/contact-masking-form.js";
import { ConfirmForm } from "../components/confirm.js";
import { Field, FormError, TextAreaField } from "../components/form-field.js";
import { BrandSection, type BrandSectionProps } from "./brand-section.js";

export type DefaultLinkRow = { id: number; title: string; targetUrl: string; utmSource: string | null; utmMedium: string | null; utmCampaign: string | null };
export type SettingsPageProps = {
  defaultLinks: DefaultLinkRow[];
  values: Record<string, string>;
  errors: Partial<Record<string, string>>;
  maskContacts: boolean;
  globalRate: { rateBp: number; isDefault: boolean };
  /** The allowlist of target domains as stored (punycode); empty: any public host. */
  targetDomains: string[];
  brand: Pick<BrandSectionProps, "brand" | "defaultColour">;
};

const utmFields = ["utm_source", "utm_medium", "utm_campaign", "utm_content"] as const;
const defaultLinkFields = ["title", "target_url", ...utmFields];

/** The global commission rate, in percent as the admin types it; stored as basis points. */
function GlobalRateForm({ rate, value, error }: { rate: SettingsPageProps["globalRate"]; value: string | undefined; error: string | undefined }) {
  const g = t.commissions.globalRate;
  const current = t.commissions.rate(rate.rateBp);
  return (
    <section class="card settings-section" id="commission-rate">
      <h2>{g.heading}</h2>
      <p>{rate.isDefault ? g.currentDefault(current) : g.current(current)}</p>
      <form method="post" action="/admin/settings/commission-rate" class="form narrow" novalidate>
        <Field name="rate_percent" label={g.label} hint={g.hint} value={value ?? t.commissions.percentOf(rate.rateBp)} error={error} required maxlength={20} />
        <div>
          <button type="submit" class="button">
            {g.submit}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The allowlist of target domains, one per line, IDN domains shown in Unicode, not punycode. */
function TargetDomainsForm({ domains, value, error }: { domains: string[]; value: string | undefined; error: string | undefined }) {
  const d = t.settings.targetDomains;
  return (
    <section class="card settings-section" id="target-domains">
      <h2>{d.heading}</h2>
      <p class="hint">{d.intro}</p>
      <form method="post" action="/admin/settings/target-domains" class="form narrow" novalidate>
        <TextAreaField
          name="target_domains"
          label={d.label}
          hint={d.hint}
          value={value ?? domains.map(hostForDisplay).join("\n")}
          error={error}
          rows={5}
          maxlength={10_000}
        />
        <div>
          <button type="submit" class="button">
            {d.submit}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The sections in page order, for the local table of contents. */
const sections = () => [
  { id: "brand", label: t.brand.heading },
  { id: "commission-rate", label: t.commissions.globalRate.heading },
  { id: "contact-masking", label: t.clients.masking.heading },
  { id: "target-domains", label: t.settings.targetDomains.heading },
  { id: "default-links", label: t.settings.defaultLinksHeading },
];

function DefaultLinks(p: SettingsPageProps) {
  return (
    <section class="card settings-section" id="default-links">
      <h2>{t.settings.defaultLinksHeading}</h2>
      <p class="hint">{t.settings.defaultLinksIntro}</p>
      {p.defaultLinks.length === 0 ? (
        <p class="muted">{t.settings.defaultLinksEmpty}</p>
      ) : (
        <ul class="default-links">
          {p.defaultLinks.map((d) => (
            <li>
              <span>
                <strong>{d.title}</strong>
                <span class="muted block link-target">{displayUrl(d.targetUrl)}</span>
              </span>
              <ConfirmForm
                action={`/admin/settings/default-links/${d.id}/deletion`}
                label={t.settings.delete}
                question={t.settings.deleteDefaultLinkQuestion(d.title)}
                small
                ariaLabel={`${t.settings.delete}: ${d.title}`}
              />
            </li>
          ))}
        </ul>
      )}
      <h3 class="subheading">{t.settings.addDefaultLink}</h3>
      <FormError message={defaultLinkFields.some((name) => p.errors[name]) ? t.validation.formErrors : undefined} />
      <form method="post" action="/admin/settings/default-links" class="form narrow" novalidate>
        <Field name="title" label={t.links.fields.title} value={p.values.title} error={p.errors.title} required maxlength={200} />
        <Field
          name="target_url"
          label={t.links.fields.targetUrl}
          hint={t.links.fields.targetUrlHint}
          value={p.values.target_url}
          error={p.errors.target_url}
          required
          maxlength={2048}
        />
        {/* Folded like the partner's link form; open when it holds values or errors. */}
        <details class="utm-details" open={utmFields.some((name) => p.values[name] || p.errors[name])}>
          <summary>{t.links.fields.utmSection}</summary>
          <div class="form">
            {utmFields.map((name) => (
              <Field
                name={name}
                label={t.links.fields.utm[name].label}
                hint={t.links.fields.utm[name].hint}
                value={p.values[name]}
                error={p.errors[name]}
                maxlength={200}
              />
            ))}
          </div>
        </details>
        <div>
          <button type="submit" class="button">
            {t.settings.addDefaultLink}
          </button>
        </div>
      </form>
    </section>
  );
}

export function SettingsPage(p: SettingsPageProps) {
  return (
    <div class="settings-page">
      <h1>{t.settings.title}</h1>
      <nav class="settings-toc" aria-labelledby="settings-toc-title">
        <p class="settings-toc-title" id="settings-toc-title">
          {t.brand.tocLabel}
        </p>
        <ul>
          {sections().map((s) => (
            <li>
              <a href={`#${s.id}`}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="settings-sections">
        <BrandSection {...p.brand} values={p.values} errors={p.errors} />
        <GlobalRateForm rate={p.globalRate} value={p.values.rate_percent} error={p.errors.rate_percent} />
        <div id="contact-masking" class="settings-section">
          <ContactMaskingForm masked={p.maskContacts} />
        </div>
        <TargetDomainsForm domains={p.targetDomains} value={p.values.target_domains} error={p.errors.target_domains} />
        <DefaultLinks {...p} />
      </div>
      <script src="/static/settings.js" defer />
    </div>
  );
}
