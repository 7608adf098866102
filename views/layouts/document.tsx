import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";
import type { BrandView } from "./chrome.js";

export type DocumentProps = { title: string; bodyClass?: string; children: Child; cabinet?: boolean; brand: BrandView };

/**
 * The html/head/body shell shared by every layout. Only our own scripts and styles: CSP allows nothing
 * else. The brand stylesheet comes after app.css so its `--accent*` values win.
 */
export function Document({ title, bodyClass, children, cabinet, brand }: DocumentProps) {
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <title>{`${title} — ${brand.companyName ?? t.appName}`}</title>
        {/* No indicator stylesheet, and no settle step: it copies class/style/width/height from the old elements with setAttribute, which `style-src 'self'` refuses. */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultSettleDelay":0}' />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/app.css" />
        {brand.styleHref && <link rel="stylesheet" href={brand.styleHref} />}
        <script src="/static/vendor/htmx-4.0.1.min.js" defer />
        {cabinet && (
          <>
            <link rel="stylesheet" href="/static/vendor/uplot-1.6.32.min.css" />
            <link rel="stylesheet" href="/static/landing.css" />
            <script src="/static/vendor/uplot-1.6.32.min.js" defer />
            <script src="/static/charts.js" defer />
            <script src="/static/copy.js" defer />
            <script src="/static/shell.js" defer />
            <script src="/static/confirm.js" defer />
          </>
        )}
      </head>
      <body class={bodyClass}>
        <a class="skip-link" href="#main">
          {t.skipToContent}
        </a>
        {children}
      </body>
    </html>
  );
}
