import type { Child } from "hono/jsx";
import { t } from "../../src/i18n/ru.js";

/** The html/head/body shell shared by every layout. Only our own scripts: CSP allows nothing else. */
export function Document({ title, bodyClass, children }: { title: string; bodyClass?: string; children: Child }) {
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t.appName}`}</title>
        <meta name="htmx-config" content='{"includeIndicatorCSS":false}' />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/vendor/htmx-4.0.1.min.js" defer />
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
