/** /links: the partner's tracked links, their stats, embed codes and QR codes. */
import { Hono } from "hono";
import { LinkFormPage } from "../../../views/links/link-form-page.js";
import { LinkPage } from "../../../views/links/link-page.js";
import { LinksPage } from "../../../views/links/links-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { lastDays } from "../../lib/day.js";
import { qrPng, qrSvg } from "../../lib/qr.js";
import { displayUrl } from "../../lib/target-url.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { getLanding, listActiveLandingChoices } from "../landings/landings.js";
import { getTargetAllowlist } from "../settings/target-allowlist.js";
import { linkInput } from "./inputs.js";
import { createLink, getLink, listLinks, redirectLocation, setLinkActive, updateLink } from "./links.js";
import { clickTotals, dailyClicks } from "./stats.js";

export const linkRoutes = new Hono<AppEnv>();
linkRoutes.use("*", requirePartner);
// Any change to a link may change a visitor's landing or embed page.
linkRoutes.use("*", async (c, next) => {
  await next();
  if (c.req.method === "POST") c.var.deps.publicPages.clear();
});

async function formPage(c: AppContext, linkId: number | null, values: FormValues, errors: Partial<Record<string, string>>, status: 200 | 422 = 200) {
  const landings = await listActiveLandingChoices(c.var.deps.db, currentUser(c).id);
  const title = linkId ? t.links.editHeading : t.links.createHeading;
  return renderPage(c, title, <LinkFormPage linkId={linkId} values={values} errors={errors} landings={landings} />, { status });
}

/** Parses the link form; a landing must be one of the partner's own active landings. */
async function parseLinkForm(c: AppContext) {
  const form = await parseForm(c, linkInput(await getTargetAllowlist(c.var.deps.db)));
  if (!form.ok || !form.data.landingId) return form;
  const landing = await getLanding(c.var.deps.db, currentUser(c).id, form.data.landingId);
  if (landing?.isActive) return form;
  return { ok: false as const, values: form.values, errors: { landing_id: t.links.fields.landingRequired } };
}

/** The link of the signed-in partner from the :id parameter, or null (→ 404) for any other id. */
async function ownLink(c: AppContext) {
  const id = parseId(c.req.param("id"));
  return id === null ? null : getLink(c.var.deps.db, currentUser(c).id, id);
}

linkRoutes.get("/", async (c) => {
  const rows = await listLinks(c.var.deps.db, currentUser(c).id);
  return renderPage(c, t.links.title, <LinksPage rows={rows} origin={c.var.deps.config.origin} />);
});

linkRoutes.get("/new", (c) => {
  // "Create a link to this landing" from the landing editor arrives with the type and landing chosen.
  const { link_type, landing_id } = c.req.query();
  return formPage(c, null, { link_type: link_type === "landing" || link_type === "iframe" ? link_type : "direct", landing_id: landing_id ?? "" }, {});
});

linkRoutes.post("/", async (c) => {
  const form = await parseLinkForm(c);
  if (!form.ok) return formPage(c, null, form.values, form.errors, 422);
  const link = await createLink(c.var.deps.db, currentUser(c).id, form.data, c.var.deps.now());
  return redirectTo(c, `/links/${link.id}`, { kind: "success", text: t.links.created });
});

linkRoutes.get("/:id", async (c) => {
  const link = await ownLink(c);
  if (!link) return c.notFound();
  const { db, config, now } = c.var.deps;
  const days = lastDays(now(), 30, config.APP_TIMEZONE);
  const scope = { partnerId: link.partnerId, linkId: link.id };
  const [totals, last30, series, allowlist] = await Promise.all([
    clickTotals(db, scope, "0000-00-00"),
    clickTotals(db, scope, days[0] ?? ""),
    dailyClicks(db, scope, days),
    getTargetAllowlist(db),
  ]);
  // What visitors get today: a target the re-check refuses is said so, not shown as if it worked.
  const redirectsTo = redirectLocation(link, allowlist) ?? (link.linkType === "direct" ? t.links.targetUnavailable : null);
  return renderPage(c, link.title, <LinkPage link={{ ...link, redirectsTo }} origin={config.origin} totals={totals} last30={last30} series={series} />);
});

linkRoutes.get("/:id/edit", async (c) => {
  const link = await ownLink(c);
  if (!link) return c.notFound();
  const values = {
    title: link.title,
    link_type: link.linkType,
    // Shown as the partner typed it (Unicode host and path); saving it again gives the same stored URL.
    target_url: link.targetUrl ? displayUrl(link.targetUrl) : "",
    landing_id: link.landingId ? String(link.landingId) : "",
    utm_source: link.utmSource ?? "",
    utm_medium: link.utmMedium ?? "",
    utm_campaign: link.utmCampaign ?? "",
    utm_content: link.utmContent ?? "",
    utm_term: link.utmTerm ?? "",
  };
  return formPage(c, link.id, values, {});
});

linkRoutes.post("/:id", async (c) => {
  const link = await ownLink(c);
  if (!link) return c.notFound();
  const form = await parseLinkForm(c);
  if (!form.ok) return formPage(c, link.id, form.values, form.errors, 422);
  await updateLink(c.var.deps.db, link.partnerId, link.id, form.data, c.var.deps.now());
  c.var.deps.redirects.invalidate(link.code);
  return redirectTo(c, `/links/${link.id}`, { kind: "success", text: t.links.saved });
});

for (const [noun, active] of [
  ["activation", true],
  ["deactivation", false],
] as const) {
  linkRoutes.post(`/:id/${noun}`, async (c) => {
    const link = await ownLink(c);
    if (!link) return c.notFound();
    await setLinkActive(c.var.deps.db, link.partnerId, link.id, active, c.var.deps.now());
    c.var.deps.redirects.invalidate(link.code);
    return redirectTo(c, `/links/${link.id}`, { kind: "success", text: active ? t.links.activated : t.links.deactivated });
  });
}

for (const format of ["svg", "png"] as const) {
  linkRoutes.get(`/:id/qr.${format}`, async (c) => {
    const link = await ownLink(c);
    if (!link) return c.notFound();
    const url = `${c.var.deps.config.origin}/r/${link.code}`;
    if (c.req.query("download") !== undefined) c.header("Content-Disposition", `attachment; filename="qr-${link.code}.${format}"`);
    c.header("Cache-Control", "private, max-age=3600");
    if (format === "svg") return c.body(await qrSvg(url), 200, { "Content-Type": "image/svg+xml" });
    return c.body(await qrPng(url), 200, { "Content-Type": "image/png" });
  });
}
