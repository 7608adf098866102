/**
 * The visitor's pages as HTML, for public-routes.tsx: the landing with its messenger card (Open
 * Graph), the embedded form in its two shapes, the dead-link page; and their response headers.
 */
import type { PageMeta } from "../../../views/components/public-document.js";
import type { BrandView } from "../../../views/layouts/chrome.js";
import type { LeadFormProps } from "../../../views/public/lead-form.js";
import { DeadLinkPage, EmbedPage, LandingPublicPage } from "../../../views/public/public-pages.js";
import { t } from "../../i18n/ru.js";
import type { Brand } from "../settings/brand.js";
import { toBrandView } from "../settings/brand-view.js";
import type { PublicLanding } from "./landings.js";

export type Kind = "landing" | "iframe";
/** Where a visitor's page is shown: on its own (a tab) or inside a partner's site. */
export type Shape = "page" | "frame";

const SUMMARY_MAX = 200;

/** The description as one line for a preview card: whitespace collapsed, cut at a word. */
export function summary(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= SUMMARY_MAX) return line;
  const cut = line.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}

/**
 * What Telegram, WhatsApp and VK show for a pasted landing link: the public heading, the description,
 * and the first image (else the company's logo; messengers do not draw SVG), as absolute URLs.
 */
export function landingMeta(page: PublicLanding, brand: Brand, view: BrandView, origin: string): PageMeta {
  const landing = page.landing;
  const first = page.images[0];
  const logo = brand.logo && view.logo && !/\.svg$/i.test(brand.logo.file) ? view.logo : null;
  return {
    description: summary(landing?.description ?? "") || (landing?.headerText ?? ""),
    url: `${origin}/l/${page.link.code}`,
    siteName: brand.companyName,
    image: first
      ? { url: `${origin}/media/landings/${first.fileName}`, width: first.width, height: first.height }
      : logo
        ? { url: `${origin}${logo.src}`, width: logo.width, height: logo.height }
        : null,
  };
}

export type BuildInput = {
  kind: Kind;
  shape: Shape;
  page: PublicLanding;
  brand: Brand;
  origin: string;
  nonce: string;
  form: LeadFormProps | null;
};

/** The whole page; null when a landing link has lost its landing (the caller answers the dead page). */
export function buildPage(p: BuildInput) {
  const brand = toBrandView(p.brand);
  const theme = p.page.landing?.themeColor ?? t.landings.defaults.themeColor;
  if (p.kind === "iframe") return <EmbedPage nonce={p.nonce} form={p.form} themeColor={theme} brand={brand} frame={p.shape === "frame"} />;
  const landing = p.page.landing;
  if (!landing) return null;
  const view = {
    headerText: landing.headerText,
    description: landing.description,
    buttonText: landing.buttonText,
    themeColor: landing.themeColor,
    images: p.page.images.map((i) => ({ url: `/media/landings/${i.fileName}`, width: i.width, height: i.height })),
  };
  return <LandingPublicPage nonce={p.nonce} form={p.form} landing={view} brand={brand} meta={landingMeta(p.page, p.brand, brand, p.origin)} />;
}

export function buildDeadPage(brand: Brand, shape: Shape) {
  return <DeadLinkPage brand={toBrandView(brand)} frame={shape === "frame"} />;
}

/** The form's heading: the landing's card has one (h2), the form opened on its own is the page (h1), the framed one has none. */
export const formHeading = (kind: Kind, shape: Shape): LeadFormProps["heading"] => (kind === "landing" ? "h2" : shape === "page" ? "h1" : undefined);

/**
 * The headers of a visitor's page, as a plain record in the order node writes them (a fetch Headers
 * object sorts them so): the cached-page path hands it to the Response as it is. No nonce: no
 * inline style at all (the dead-link page).
 */
export function publicHeaders(nonce: string | null, frameable: boolean, contentType?: string): Record<string, string> {
  const style = nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'";
  const headers: Record<string, string> = {
    "cache-control": "no-store",
    "content-security-policy": `default-src 'none'; script-src 'self'; ${style}; img-src 'self'; form-action 'self'; connect-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors ${frameable ? "*" : "'none'"}`,
  };
  if (contentType) headers["content-type"] = contentType;
  headers["referrer-policy"] = "strict-origin-when-cross-origin";
  headers["x-content-type-options"] = "nosniff";
  if (!frameable) headers["x-frame-options"] = "DENY";
  return headers;
}
