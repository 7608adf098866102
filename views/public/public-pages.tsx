import { t } from "../../src/i18n/ru.js";
import { type PageMeta, PublicDocument } from "../components/public-document.js";
import type { BrandView } from "../layouts/chrome.js";
import { LandingContent, type LandingView } from "./landing-content.js";
import { LeadForm, type LeadFormProps, ThankYou } from "./lead-form.js";
import { BrandBar, PublicFooter, SupportContact } from "./public-chrome.js";

export type PublicPageProps = { nonce: string; form: LeadFormProps | null; brand: BrandView };

/** The page title visitors and messengers see: the offer, then the company. */
const titled = (text: string, brand: BrandView) => (brand.companyName ? `${text} — ${brand.companyName}` : text);

/** GET /l/:code: the whole landing; after a plain (no-JS) submit the form is replaced by the thanks. */
export function LandingPublicPage(p: PublicPageProps & { landing: LandingView; meta: PageMeta }) {
  return (
    <PublicDocument title={p.landing.headerText} themeColor={p.landing.themeColor} nonce={p.nonce} bodyClass="lp-page" meta={p.meta}>
      <BrandBar brand={p.brand} />
      <main id="main" class="lp-main lp-wrap">
        <LandingContent landing={p.landing} form={p.form} />
      </main>
      <PublicFooter brand={p.brand} />
    </PublicDocument>
  );
}

/**
 * GET /embed/:code. Inside a partner's site (`frame`): only the form, with the script that reports
 * its height to the host page. Opened on its own (the short link tapped in a messenger): the
 * company on top, the form in a card, the footer.
 */
export function EmbedPage(p: PublicPageProps & { themeColor: string; frame: boolean }) {
  if (p.frame)
    return (
      <PublicDocument title={t.links.iframeTitle} themeColor={p.themeColor} nonce={p.nonce} bodyClass="lp-embed" scripts={["/static/embed-frame.js"]}>
        <main id="main" class="lp-embed-main">
          {p.form ? <LeadForm {...p.form} /> : <ThankYou />}
        </main>
      </PublicDocument>
    );
  return (
    <PublicDocument
      title={titled(t.publicForm.formHeading, p.brand)}
      themeColor={p.themeColor}
      nonce={p.nonce}
      bodyClass="lp-page"
      meta={{ description: t.publicForm.formLead, siteName: p.brand.companyName }}
    >
      <BrandBar brand={p.brand} />
      <main id="main" class="lp-main lp-wrap lp-narrow">
        <div class="lp-aside">{p.form ? <LeadForm {...p.form} heading={p.form.heading ?? "h1"} /> : <ThankYou />}</div>
      </main>
      <PublicFooter brand={p.brand} />
    </PublicDocument>
  );
}

/**
 * An unknown, switched-off or deleted code on /r, /l or /embed: a page for the visitor (the company,
 * what happened, whom to ask), never the cabinet's sign-in link. `frame`: inside a partner's site.
 */
export function DeadLinkPage({ brand, frame }: { brand: BrandView; frame: boolean }) {
  const body = (
    <div class="lp-dead">
      <svg class="lp-dead-icon" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
        <path
          d="M9.5 14.5l5-5M10 6.5l1.3-1.3a4.2 4.2 0 016 6L16 12.5M14 17.5l-1.3 1.3a4.2 4.2 0 01-6-6L8 11.5"
          fill="none"
          stroke="currentColor"
          stroke-width="1.8"
          stroke-linecap="round"
        />
      </svg>
      <h1>{t.publicForm.dead.title}</h1>
      <p>{t.publicForm.dead.text}</p>
      {brand.supportContact && (
        <p>
          {t.publicForm.dead.contact} <SupportContact contact={brand.supportContact} />
        </p>
      )}
    </div>
  );
  return (
    <PublicDocument
      title={titled(t.publicForm.dead.title, brand)}
      themeColor={null}
      nonce={null}
      htmx={false}
      bodyClass={frame ? "lp-embed" : "lp-page"}
      meta={{ description: t.publicForm.dead.text, noindex: true }}
      scripts={frame ? ["/static/embed-frame.js"] : []}
    >
      {!frame && <BrandBar brand={brand} />}
      <main id="main" class={frame ? "lp-embed-main" : "lp-main lp-wrap lp-narrow"}>
        {body}
      </main>
      {!frame && <PublicFooter brand={brand} />}
    </PublicDocument>
  );
}
