/**
 * What visitors see: GET/POST /l/:code (landing with form; also /api/public/landing/:code, the
 * reference system's URL), GET/POST /embed/:code (the form: inside a partner's site, the only
 * framable page; opened on its own, a page with the company around it), the dead-link page of any
 * unknown or switched-off code (here for /r/ too: the redirect falls through to it), and the host
 * page's resize script /static/embed.js, the one static file other sites load.
 * No session and no CSRF cookie check here: the form carries its own signed one-time token.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { LeadForm, type LeadFormProps, ThankYou } from "../../../views/public/lead-form.js";
import { safeHttpUrl } from "../../../views/public/public-chrome.js";
import { t } from "../../i18n/ru.js";
import { projectPath } from "../../lib/paths.js";
import { RateWindow } from "../../lib/rate-window.js";
import { clientIp } from "../../web/client-ip.js";
import type { AppEnv } from "../../web/env.js";
import { optionalEmail, optionalPhone, optionalText, requiredText } from "../../web/fields.js";
import { type FieldErrors, type FormValues, readForm, validateForm } from "../../web/forms.js";
import { STORAGE_RETRY_AFTER_S, storageProblem } from "../../web/storage-errors.js";
import { createClient } from "../clients/clients.js";
import { type Brand, EMPTY_BRAND } from "../settings/brand.js";
import { checkFormToken, issueFormToken, randomText } from "./form-token.js";
import { LANDING_IMAGE_NAME, landingImageDir, mimeOfImage } from "./image-upload.js";
import type { PublicLanding } from "./landings.js";
import { PublicPageCache, type Template } from "./page-cache.js";
import { buildDeadPage, buildPage, formHeading, type Kind, publicHeaders, type Shape } from "./public-view.js";

const LINK_CODE = /^[A-Za-z0-9_-]{10}$/;
// Placeholders in cached page HTML; random per process, so no partner-typed text can match them.
const NONCE_MARK = `nonce-${randomBytes(12).toString("hex")}`;
const TOKEN_MARK = `token-${randomBytes(12).toString("hex")}`;
const MINUTE = 60_000;

const leadInput = z
  .object({
    name: requiredText(100),
    phone: optionalPhone,
    email: optionalEmail,
    company: optionalText(200),
    comment: optionalText(2000, true),
  })
  .superRefine((v, ctx) => {
    if (!v.phone && !v.email) ctx.addIssue({ code: "custom", path: ["phone"], message: t.publicForm.errors.contactRequired });
  });

const HTML = "text/html; charset=UTF-8";
const fillPage = (template: Template, nonce: string, token: string) => PublicPageCache.fill(template, { [NONCE_MARK]: nonce, [TOKEN_MARK]: token });
// The dead-link page has no inline style, so no nonce: the same headers every time.
const DEAD_HEADERS: Record<Shape, Record<string, string>> = { page: publicHeaders(null, false, HTML), frame: publicHeaders(null, true, HTML) };

/**
 * On its own or inside another site: the browser says which (Sec-Fetch-Dest). Browsers send it only
 * to https (or localhost) origins, so the short link of an iframe link also asks for the page itself
 * (`/embed/:code?view=page`, see redirectLocation): a plain-http installation gets the page too.
 * Without either, the path's usual shape: the form alone for /embed, a page for the rest.
 */
function shapeOf(c: Context<AppEnv>, fallback: Shape): Shape {
  const dest = c.env?.incoming?.headers?.["sec-fetch-dest"] ?? c.req.header("sec-fetch-dest");
  if (dest === "iframe" || dest === "frame") return "frame";
  return dest === "document" || c.req.query("view") === "page" ? "page" : fallback;
}

/** The address the form posts to and returns to: an iframe link's page keeps asking for the page. */
const selfPath = (c: Context<AppEnv>, kind: Kind, shape: Shape) => (kind === "iframe" && shape === "page" ? `${c.req.path}?view=page` : c.req.path);

type FormState = { values: FormValues; errors: FieldErrors; notice?: string };

export function publicLandingRoutes() {
  const app = new Hono<AppEnv>();
  // SECURITY.md T15: five stored leads per address per ten minutes.
  const perIp = new RateWindow(5, 10 * MINUTE);

  /** The visitor-facing 404 of an unknown, switched-off or deleted code: rendered once per brand, then copied. */
  const dead = async (c: Context<AppEnv>, shape: Shape) => {
    const pages = c.get("deps").publicPages;
    const key = `dead:${shape}`;
    let template = pages.peekHtml(key);
    if (!template) {
      const html = async (brand: Brand) => `<!doctype html>${await buildDeadPage(brand, shape)}`;
      // No database (locked, gone): the page without the brand, not cached, never a 500.
      const brand = await pages.brand().catch(() => null);
      template = brand ? await pages.html(key, () => html(brand), []) : { parts: [Buffer.from(await html(EMPTY_BRAND))], holes: [] };
    }
    return new Response(PublicPageCache.fill(template, {}), { status: 404, headers: DEAD_HEADERS[shape] });
  };

  const render = async (c: Context<AppEnv>, kind: Kind, page: PublicLanding, form: FormState | null, status: 200 | 422 | 429 | 503 = 200) => {
    // c.get, not c.var: Hono builds a fresh object of every variable on each c.var read.
    const deps = c.get("deps");
    const nonce = randomText(16, "base64");
    const shape = kind === "iframe" ? shapeOf(c, "frame") : "page";
    const frameable = shape === "frame";
    const token = form ? issueFormToken(deps.appSecret, page.link.id, deps.now()) : "";
    const fresh = form && status === 200 && Object.keys(form.values).length === 0;
    const cacheKey = `${kind}:${shape}:${c.req.path}`;
    if (fresh) {
      // The same page for every visitor but for two values: render once, fill those in per request.
      const template = deps.publicPages.peekHtml(cacheKey);
      // Nothing has set a header on this path: a plain record spares building a Headers object.
      if (template) return new Response(fillPage(template, nonce, token), { status, headers: publicHeaders(nonce, frameable, HTML) });
    }
    const brand = await deps.publicPages.brand();
    const leadForm = (tokenText: string): LeadFormProps | null =>
      form && {
        action: selfPath(c, kind, shape),
        token: tokenText,
        buttonText: page.landing?.buttonText ?? t.landings.defaults.buttonText,
        values: form.values,
        errors: form.errors,
        notice: form.notice,
        policyUrl: safeHttpUrl(brand.privacyPolicyUrl),
        heading: formHeading(kind, shape),
      };
    const build = (nonceText: string, tokenText: string) =>
      buildPage({ kind, shape, page, brand, origin: deps.config.origin, nonce: nonceText, form: leadForm(tokenText) });
    if (kind === "landing" && !page.landing) return dead(c, shape);
    // Set first, so an error page on the way carries them too.
    for (const [name, value] of Object.entries(publicHeaders(nonce, frameable))) c.header(name, value);
    if (fresh) {
      const template = await deps.publicPages.html(cacheKey, async () => `<!doctype html>${await build(NONCE_MARK, TOKEN_MARK)}`, [NONCE_MARK, TOKEN_MARK]);
      return c.body(fillPage(template, nonce, token), status, { "Content-Type": HTML });
    }
    const props = leadForm(token);
    if (props && c.req.header("hx-request") === "true") return c.html(<LeadForm {...props} />, status);
    return c.html(`<!doctype html>${await build(nonce, token)}`, status);
  };

  const show = (kind: Kind) => async (c: Context<AppEnv>) => {
    const code = c.req.param("code") ?? "";
    const deps = c.get("deps");
    let page = LINK_CODE.test(code) ? deps.publicPages.peek(code, kind) : null;
    if (page === undefined) page = await deps.publicPages.get(code, kind);
    if (!page) return dead(c, kind === "iframe" ? shapeOf(c, "frame") : "page");
    const sent = c.req.query("sent") !== undefined;
    if (!sent) {
      const headers = c.env?.incoming?.headers;
      deps.clicks.record({
        linkId: page.link.id,
        at: deps.now(),
        ip: clientIp(c, deps.config.TRUSTED_PROXIES),
        userAgent: headers?.["user-agent"] ?? c.req.header("user-agent") ?? "",
        referer: headers?.referer ?? c.req.header("referer") ?? null,
      });
    }
    return render(c, kind, page, sent ? null : { values: {}, errors: {} });
  };

  const submit = (kind: Kind) => async (c: Context<AppEnv>) => {
    const code = c.req.param("code") ?? "";
    const deps = c.get("deps");
    const page = LINK_CODE.test(code) ? await deps.publicPages.get(code, kind) : null;
    if (!page) return dead(c, kind === "iframe" ? shapeOf(c, "frame") : "page");
    const values = await readForm(c);
    const back = selfPath(c, kind, kind === "iframe" ? shapeOf(c, "frame") : "page");
    const done = () => (c.req.header("hx-request") === "true" ? c.html(<ThankYou />) : c.redirect(`${back}${back.includes("?") ? "&" : "?"}sent=1`, 303));
    // A bot filled the hidden field: it gets the same answer as a person, and nothing is stored.
    if (values.website) return done();
    const ip = clientIp(c, deps.config.TRUSTED_PROXIES);
    const now = deps.now();
    const wait = perIp.retryAfter(ip, now);
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      return render(c, kind, page, { values, errors: { _form: t.publicForm.errors.rateLimited(Math.ceil(wait / MINUTE)) } }, 429);
    }
    const token = checkFormToken(deps.appSecret, values.form_token ?? "", page.link.id, now);
    if (!token.ok && token.problem !== "too_fast") {
      const message = token.problem === "expired" ? t.publicForm.errors.expired : t.publicForm.errors.invalid;
      return render(c, kind, page, { values, errors: { _form: message } }, 422);
    }
    // Too fast (autofill, a quick typist) is no fault of the data: the real validation result, or,
    // when the data is fine, one neutral line and the same form with a fresh token.
    const form = validateForm(values, leadInput);
    if (!form.ok) return render(c, kind, page, form, 422);
    if (!token.ok) return render(c, kind, page, { values, errors: {}, notice: t.publicForm.pressAgain }, 422);
    const { link } = page;
    const utm = { utmSource: link.utmSource, utmMedium: link.utmMedium, utmCampaign: link.utmCampaign, utmContent: link.utmContent, utmTerm: link.utmTerm };
    let result: Awaited<ReturnType<typeof createClient>>;
    try {
      result = await createClient(
        deps.db,
        link.partnerId,
        { source: "form", ...form.data, linkId: link.id, landingId: page.landing?.id ?? null, utm },
        now,
        token.nonce,
      );
    } catch (error) {
      // Disk full, database locked: say so plainly, never show a success page for an unsaved lead (SECURITY.md F8).
      const storage = storageProblem(error);
      deps.log[storage ? "warn" : "error"]("lead not stored", { linkId: link.id, problem: storage, error: String(error).split("\n")[0] });
      c.header("Retry-After", String(STORAGE_RETRY_AFTER_S));
      return render(c, kind, page, { values, errors: { _form: t.publicForm.errors.storageFailed } }, 503);
    }
    if (!result.ok) return render(c, kind, page, { values, errors: { _form: t.publicForm.errors.reused } }, 422);
    perIp.hit(ip, now);
    return done();
  };

  const limit = bodyLimit({
    maxSize: 64 * 1024,
    onError: () => {
      throw new HTTPException(413);
    },
  });
  for (const path of ["/l/:code", "/api/public/landing/:code"]) {
    app.get(path, show("landing"));
    app.post(path, limit, submit("landing"));
  }
  app.get("/embed/:code", show("iframe"));
  app.post("/embed/:code", limit, submit("iframe"));
  // Reached only when the redirect (src/features/links/redirect-routes.ts) found no target.
  for (const path of ["/r/:code", "/api/public/r/:code"]) app.get(path, (c) => dead(c, shapeOf(c, "page")));

  // Loaded by partners' sites from another origin: the cabinet's `Cross-Origin-Resource-Policy:
  // same-origin` would block it, so it is answered here, before the cabinet's headers.
  let embedScript: Promise<Uint8Array<ArrayBuffer>> | null = null;
  app.get("/static/embed.js", async (c) => {
    embedScript ??= readFile(projectPath("static", "embed.js")).then((b) => new Uint8Array(b));
    return c.body(await embedScript, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "X-Content-Type-Options": "nosniff",
    });
  });

  // Landing images: random names, re-encoded on upload, so they may be cached for good.
  app.get("/media/landings/:file", async (c, next) => {
    const file = c.req.param("file");
    if (!LANDING_IMAGE_NAME.test(file)) return next();
    const bytes = await readFile(join(landingImageDir(c.var.deps.config.UPLOAD_DIR), file)).catch(() => null);
    if (!bytes) return next();
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": mimeOfImage(file),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    });
  });
  return app;
}
