import { t } from "../../src/i18n/ru.js";
import { Flash } from "../components/flash.js";
import { Brand, SupportContact } from "./brand.js";
import type { LayoutProps } from "./chrome.js";
import { Document } from "./document.js";

/** Login, registration, setup and error pages for visitors without a session: the brand centred on top. */
export function PublicLayout(p: LayoutProps) {
  const { supportContact, privacyPolicyUrl } = p.brand;
  return (
    <Document title={p.title} bodyClass="public" brand={p.brand}>
      <header class="public-header">
        <Brand brand={p.brand} href="/login" />
      </header>
      <main id="main" class="public-main">
        <Flash flash={p.flash} />
        {p.children}
      </main>
      {(supportContact || privacyPolicyUrl) && (
        <footer class="public-footer">
          {supportContact && (
            <p>
              <SupportContact contact={supportContact} />
            </p>
          )}
          {privacyPolicyUrl && (
            <p>
              <a href={privacyPolicyUrl}>{t.shell.privacyPolicy}</a>
            </p>
          )}
        </footer>
      )}
    </Document>
  );
}
