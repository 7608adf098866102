import type { Child } from "hono/jsx";
import { prefersLightText } from "../../src/lib/color.js";

/** What a messenger shows for a pasted link (Open Graph, Twitter card) and search engines read. */
export type PageMeta = {
  description: string;
  /** Absolute URL of the page. */
  url?: string;
  siteName?: string | null;
  /** Absolute URL with its pixel size: a large card; none: a small one. */
  image?: { url: string; width: number; height: number } | null;
  /** A dead link's page is not for search engines. */
  noindex?: boolean;
};

/**
 * The shell of pages visitors see (landing, embedded form, dead link): its own small stylesheet, htmx
 * for the in-place form, and the theme colour as a CSS variable in a nonce-allowed <style>.
 */
export function PublicDocument(p: {
  title: string;
  themeColor: string | null;
  nonce: string | null;
  bodyClass: string;
  meta?: PageMeta;
  /** htmx for the in-place lead form; a page without a form goes without. */
  htmx?: boolean;
  /** Our own scripts (script-src 'self'), after htmx. */
  scripts?: string[];
  children: Child;
}) {
  // The colour is validated as #RRGGBB before it gets here, so it cannot break out of the rule.
  const themeCss = p.themeColor ? `.lp{--theme:${p.themeColor};--theme-text:${prefersLightText(p.themeColor) ? "#fff" : "#111"}}` : null;
  const m = p.meta;
  return (
    <html lang="ru">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title}</title>
        {m && <meta name="description" content={m.description} />}
        {m?.noindex && <meta name="robots" content="noindex" />}
        {m && !m.noindex && (
          <>
            <meta property="og:type" content="website" />
            <meta property="og:locale" content="ru_RU" />
            <meta property="og:title" content={p.title} />
            <meta property="og:description" content={m.description} />
            {m.url && <meta property="og:url" content={m.url} />}
            {m.siteName && <meta property="og:site_name" content={m.siteName} />}
            {m.image && (
              <>
                <meta property="og:image" content={m.image.url} />
                <meta property="og:image:width" content={String(m.image.width)} />
                <meta property="og:image:height" content={String(m.image.height)} />
              </>
            )}
            <meta name="twitter:card" content={m.image ? "summary_large_image" : "summary"} />
            <meta name="twitter:title" content={p.title} />
            <meta name="twitter:description" content={m.description} />
            {m.image && <meta name="twitter:image" content={m.image.url} />}
          </>
        )}
        {/* No indicator stylesheet, and no settle step: it copies class/style/width/height from the old elements with setAttribute, which `style-src 'self'` refuses. */}
        <meta name="htmx-config" content='{"includeIndicatorCSS":false,"defaultSettleDelay":0}' />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/landing.css" />
        {themeCss && p.nonce && <style nonce={p.nonce} dangerouslySetInnerHTML={{ __html: themeCss }} />}
        {p.htmx !== false && <script src="/static/vendor/htmx-4.0.1.min.js" defer />}
        {p.scripts?.map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body class={`lp ${p.bodyClass}`}>{p.children}</body>
    </html>
  );
}
