import { t } from "../../src/i18n/ru.js";
import type { BrandView } from "../layouts/chrome.js";

/** Only http(s) addresses become links: an admin-typed value never turns into a javascript: URL. */
export const safeHttpUrl = (url: string | null): string | null => (url && /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null);

/**
 * The company on top of a visitor's page: its logo and name. Nothing set, nothing shown: a stranger
 * sees the partner's offer first, never the cabinet's own name.
 */
export function BrandBar({ brand }: { brand: BrandView }) {
  if (!brand.logo && !brand.companyName) return null;
  return (
    <header class="lp-topbar">
      <div class="lp-wrap lp-topbar-inner">
        {brand.logo && (
          <img
            class="lp-logo"
            src={brand.logo.src}
            width={String(brand.logo.width)}
            height={String(brand.logo.height)}
            // Next to the name the logo adds nothing for a screen reader.
            alt={brand.companyName ? "" : t.publicForm.logoAlt}
          />
        )}
        {brand.companyName && <span class="lp-company">{brand.companyName}</span>}
      </div>
    </header>
  );
}

/** A support contact as a link when it is one e-mail, one web address or one phone number; else plain text. */
export function SupportContact({ contact }: { contact: string }) {
  const text = contact.trim();
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(text)) return <a href={`mailto:${text}`}>{text}</a>;
  const url = safeHttpUrl(text);
  if (url) return <a href={url}>{text.replace(/^https?:\/\//i, "")}</a>;
  if (/^\+?[\d\s()-]{7,20}$/.test(text)) return <a href={`tel:${text.replace(/[^\d+]/g, "")}`}>{text}</a>;
  return <>{text}</>;
}

/** The company, its support contact and its privacy policy under every visitor's page. */
export function PublicFooter({ brand }: { brand: BrandView }) {
  const policy = safeHttpUrl(brand.privacyPolicyUrl);
  if (!brand.companyName && !brand.supportContact && !policy) return null;
  return (
    <footer class="lp-footer">
      <div class="lp-wrap lp-footer-inner">
        {brand.companyName && <span class="lp-footer-company">{brand.companyName}</span>}
        {brand.supportContact && (
          <span>
            {t.publicForm.footer.support}: <SupportContact contact={brand.supportContact} />
          </span>
        )}
        {policy && (
          <a href={policy} target="_blank" rel="noopener noreferrer">
            {t.publicForm.footer.policy}
            <span class="visually-hidden"> {t.publicForm.footer.opensInNewTab}</span>
          </a>
        )}
      </div>
    </footer>
  );
}
