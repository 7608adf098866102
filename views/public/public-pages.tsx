import { t } from "../../src/i18n/ru.js";
import { PublicDocument } from "../components/public-document.js";
import { LandingContent, type LandingView } from "./landing-content.js";
import { LeadForm, type LeadFormProps, ThankYou } from "./lead-form.js";

export type PublicPageProps = { nonce: string; form: LeadFormProps | null };

/** GET /l/:code: the whole landing; after a plain (no-JS) submit the form is replaced by the thanks. */
export function LandingPublicPage(p: PublicPageProps & { landing: LandingView }) {
  return (
    <PublicDocument title={p.landing.headerText} themeColor={p.landing.themeColor} nonce={p.nonce} bodyClass="lp-page">
      <LandingContent landing={p.landing} form={p.form} />
      {!p.form && (
        <div class="lp-body">
          <ThankYou />
        </div>
      )}
    </PublicDocument>
  );
}

/** GET /embed/:code: only the form, made to sit inside a partner's site. */
export function EmbedPage(p: PublicPageProps & { themeColor: string }) {
  return (
    <PublicDocument title={t.links.iframeTitle} themeColor={p.themeColor} nonce={p.nonce} bodyClass="lp-embed">
      {p.form ? <LeadForm {...p.form} /> : <ThankYou />}
    </PublicDocument>
  );
}
