/**
 * What visitors see: GET/POST /l/:code (landing with form; also /api/public/landing/:code, the
 * reference system's URL) and GET/POST /embed/:code (the form alone, the only framable page).
 * No session and no CSRF cookie check here: the form carries its own signed one-time token.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { LeadForm, ThankYou } from "../../../views/public/lead-form.js";
import { EmbedPage, LandingPublicPage } from "../../../views/public/public-pages.js";
import { t } from "../../i18n/ru.js";
import { RateWindow } from "../../lib/rate-window.js";
import { clientIp } from "../../web/client-ip.js";
import type { AppEnv } from "../../web/env.js";
import { optionalEmail, optionalPhone, optionalText, requiredText } from "../../web/fields.js";
import { type FieldErrors, type FormValues, readForm, validateForm } from "../../web/forms.js";
import { STORAGE_RETRY_AFTER_S, storageProblem } from "../../web/storage-errors.js";
import { createClient } from "../clients/clients.js";
import { checkFormToken, issueFormToken, randomText } from "./form-token.js";
import { LANDING_IMAGE_NAME, landingImageDir, mimeOfImage } from "./image-upload.js";
import type { PublicLanding } from "./landings.js";
import { PublicPageCache, type Template } from "./page-cache.js";

type Kind = "landing" | "iframe";
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

/**
 * The headers of a visitor's page, as a plain record in the order node writes them (a fetch Headers
 * object sorts them so): the cached-page path hands it to the Response as it is.
 */
function publicHeaders(nonce: string, frameable: boolean, contentType?: string): Record<string, string> {
  const headers: Record<string, string> = {
    "cache-control": "no-store",
    "content-security-policy": `default-src 'none'; script-src 'self'; style-src 'self' 'nonce-${nonce}'; img-src 'self'; form-action 'self'; connect-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors ${frameable ? "*" : "'none'"}`,
  };
  if (contentType) headers["content-type"] = contentType;
  headers["referrer-policy"] = "strict-origin-when-cross-origin";
  headers["x-content-type-options"] = "nosniff";
  if (!frameable) headers["x-frame-options"] = "DENY";
  return headers;
}

export function publicLandingRoutes() {
  const app = new Hono<AppEnv>();
  // SECURITY.md T15: five stored leads per address per ten minutes.
  const perIp = new RateWindow(5, 10 * MINUTE);

  const render = async (
    c: Context<AppEnv>,
    kind: Kind,
    page: PublicLanding,
    form: { values: FormValues; errors: FieldErrors } | null,
    status: 200 | 422 | 429 | 503 = 200,
  ) => {
    // c.get, not c.var: Hono builds a fresh object of every variable on each c.var read.
    const deps = c.get("deps");
    const nonce = randomText(16, "base64");
    const frameable = kind === "iframe";
    const token = form ? issueFormToken(deps.appSecret, page.link.id, deps.now()) : "";
    const fresh = form && status === 200 && Object.keys(form.values).length === 0;
    const build = (nonceText: string, tokenText: string) => {
      const theme = page.landing?.themeColor ?? t.landings.defaults.themeColor;
      const leadForm = form && {
        action: c.req.path,
        token: tokenText,
        buttonText: page.landing?.buttonText ?? t.landings.defaults.buttonText,
        values: form.values,
        errors: form.errors,
      };
      if (kind === "iframe") return <EmbedPage nonce={nonceText} form={leadForm} themeColor={theme} />;
      const landing = page.landing;
      if (!landing) throw new HTTPException(404);
      const view = { ...landing, images: page.images.map((i) => ({ url: `/media/landings/${i.fileName}`, width: i.width, height: i.height })) };
      return <LandingPublicPage nonce={nonceText} form={leadForm} landing={view} />;
    };
    if (fresh) {
      // The same page for every visitor but for two values: render once, fill those in per request.
      const template = deps.publicPages.peekHtml(`${kind}:${c.req.path}`);
      // Nothing has set a header on this path: a plain record spares building a Headers object.
      if (template) return new Response(fillPage(template, nonce, token), { status, headers: publicHeaders(nonce, frameable, HTML) });
    }
    // Set first, so an error page on the way (a landing without its landing) carries them too.
    for (const [name, value] of Object.entries(publicHeaders(nonce, frameable))) c.header(name, value);
    if (fresh) {
      const template = await deps.publicPages.html(`${kind}:${c.req.path}`, async () => `<!doctype html>${await build(NONCE_MARK, TOKEN_MARK)}`, [
        NONCE_MARK,
        TOKEN_MARK,
      ]);
      return c.body(fillPage(template, nonce, token), status, { "Content-Type": HTML });
    }
    if (form && c.req.header("hx-request") === "true") {
      const buttonText = page.landing?.buttonText ?? t.landings.defaults.buttonText;
      return c.html(<LeadForm action={c.req.path} token={token} buttonText={buttonText} values={form.values} errors={form.errors} />, status);
    }
    return c.html(`<!doctype html>${await build(nonce, token)}`, status);
  };

  const show = (kind: Kind) => async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const code = c.req.param("code") ?? "";
    const deps = c.get("deps");
    let page = LINK_CODE.test(code) ? deps.publicPages.peek(code, kind) : null;
    if (page === undefined) page = await deps.publicPages.get(code, kind);
    if (!page) return next();
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

  const submit = (kind: Kind) => async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const code = c.req.param("code") ?? "";
    const deps = c.get("deps");
    const page = LINK_CODE.test(code) ? await deps.publicPages.get(code, kind) : null;
    if (!page) return next();
    const values = await readForm(c);
    const done = () => (c.req.header("hx-request") === "true" ? c.html(<ThankYou />) : c.redirect(`${c.req.path}?sent=1`, 303));
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
    if (!token.ok) {
      const message =
        token.problem === "too_fast" ? t.publicForm.errors.tooFast : token.problem === "expired" ? t.publicForm.errors.expired : t.publicForm.errors.invalid;
      return render(c, kind, page, { values, errors: { _form: message } }, 422);
    }
    const form = validateForm(values, leadInput);
    if (!form.ok) return render(c, kind, page, form, 422);
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
