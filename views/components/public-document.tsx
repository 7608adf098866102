import type { Child } from "hono/jsx";
import { prefersLightText } from "../../src/lib/color.js";

/**
 * The shell of pages visitors see (landing and embedded form): its own small stylesheet, htmx for
 * the in-place form, and the theme colour as a CSS variable in a nonce-allowed <style>.
 */
export function PublicDocument(p: { title: string; themeColor: string; nonce: string; bodyClass: string; children: Child }) {
  // The colour is validated as #RRGGBB before it gets here, so it cannot break out of the rule.
  const themeCss = `.lp{--theme:${p.themeColor};--theme-text:${prefersLightText(p.themeColor) ? "#fff" : "#111"}}`;
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title}</title>
        {/* No indicator stylesheet, and no settle step: it copies class/style/width/height from the old elements with setAttribute, which `style-src 'self'` refuses. */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultSettleDelay":0}' />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/landing.css" />
        <style nonce={p.nonce} dangerouslySetInnerHTML={{ __html: themeCss }} />
        <script src="/static/vendor/htmx-4.0.1.min.js" defer />
      </head>
      <body class={p.bodyClass}>
        <main id="main" class="lp">
          <div class="lp-sheet">{p.children}</div>
        </main>
      </body>
    </html>
  );
}
