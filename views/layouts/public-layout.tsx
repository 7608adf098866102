import { t } from "../../src/i18n/ru.js";
import { Flash } from "../components/flash.js";
import type { LayoutProps } from "./chrome.js";
import { Document } from "./document.js";

/** Login, registration, setup and error pages for visitors without a session. */
export function PublicLayout(p: LayoutProps) {
  return (
    <Document title={p.title} bodyClass="public">
      <header class="public-header">
        <a class="brand" href="/login">
          {t.appName}
        </a>
      </header>
      <main id="main" class="public-main">
        <Flash flash={p.flash} />
        {p.children}
      </main>
    </Document>
  );
}
