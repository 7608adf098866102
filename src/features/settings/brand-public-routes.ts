/**
 * The brand as files every page links: GET /brand.css (the `--accent*` custom properties derived from
 * the brand colour) and GET /brand/logo (the re-encoded PNG). Public: the login page and landings
 * show them too. A `?v=` that matches the current colour or logo is cached for a year (the pages
 * link versioned URLs, brand-view.ts); anything else gets a short cache, so a stale link heals soon.
 */
import { Hono } from "hono";
import { brandPalette } from "../../lib/color.js";
import type { AppEnv } from "../../web/env.js";
import { getBrand } from "./brand.js";
import { readLogoFile } from "./brand-logo.js";
import { BRAND_LOGO_PATH, BRAND_STYLE_PATH } from "./brand-view.js";
import { DEFAULT_ACCENT } from "./inputs.js";

const LONG = "public, max-age=31536000, immutable";
const SHORT = "public, max-age=60";

/** The stylesheet text for a colour (the default palette when none is set). */
export function brandStylesheet(colour: string | null): string {
  const p = brandPalette(colour ?? DEFAULT_ACCENT);
  return `:root { --accent: ${p.accent}; --accent-hover: ${p.accentHover}; --on-accent: ${p.onAccent}; --accent-soft: ${p.accentSoft}; --accent-text: ${p.accentText}; }\n`;
}

export function brandPublicRoutes() {
  const app = new Hono<AppEnv>();

  app.get(BRAND_STYLE_PATH, async (c) => {
    const { colour } = await getBrand(c.var.deps.db);
    const current = colour ? colour.slice(1) : null;
    return c.body(brandStylesheet(colour), 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": current !== null && c.req.query("v") === current ? LONG : SHORT,
      "X-Content-Type-Options": "nosniff",
    });
  });

  app.get(BRAND_LOGO_PATH, async (c) => {
    const { logo } = await getBrand(c.var.deps.db);
    const bytes = logo && (await readLogoFile(c.var.deps.config.UPLOAD_DIR, logo.file));
    if (!logo || !bytes) return c.notFound();
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": "image/png",
      "Cache-Control": c.req.query("v") === logo.version ? LONG : SHORT,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    });
  });
  return app;
}
