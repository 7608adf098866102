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
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { getLanding, listActiveLandingChoices } from "../landings/landings.js";
import { getTargetAllowlist } from "../settings/target-allowlist.js";
import { linkInput, linkListQuery, listFiltersOf, listParamsOf, typeFields, utmPresetNames, utmPresets } from "./inputs.js";
import { countLinks, createLink, getLink, redirectLocation, setLinkActive, updateLink } from "./links.js";
import { leadFigures, listLinkPage } from "./list.js";
import { clickTotals, dailyClicks } from "./stats.js";

const presets = utmPresetNames.map((name) => ({ name, ...utmPresets[name] }));
const utmColumns = [
  ["utm_source", "utmSource"],
  ["utm_medium", "utmMedium"],
  ["utm_campaign", "utmCampaign"],
  ["utm_content", "utmContent"],
  ["utm_term", "utmTerm"],
] as const;

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
  return renderPage(c, title, <LinkFormPage linkId={linkId} values={values} errors={errors} landings={landings} presets={presets} />, { status });
}

/** Parses the link form; a landing must be one of the partner's own active landings. */
async function parseLinkForm(c: AppContext) {
  const allowlist = await getTargetAllowlist(c.var.deps.db);
  const form = await parseForm(c, linkInput(allowlist));
  // zod skips the type check when another field failed: add its errors, so all show at once.
  if (!form.ok) return { ...form, errors: { ...typeFields(form.values, allowlist).errors, ...form.errors } };
  if (!form.data.landingId) return form;
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
  const { db, config } = c.var.deps;
  const partnerId = currentUser(c).id;
  const query = linkListQuery.parse(c.req.query());
  const [list, all] = await Promise.all([listLinkPage(db, partnerId, listFiltersOf(query), query.page), countLinks(db, partnerId)]);
  const page = <LinksPage {...list} query={query} params={listParamsOf(query)} origin={config.origin} hasLinks={all > 0} />;
  return renderPage(c, t.links.title, page);
});

linkRoutes.get("/new", (c) => {
  // "Create a link to this landing" from the landing editor arrives with the type and landing chosen.
  const { link_type, landing_id } = c.req.query();
  const type = link_type === "landing" || link_type === "iframe" ? link_type : "direct";
  return formPage(c, null, { link_type: type, landing_id: /^\d{1,16}$/.test(landing_id ?? "") ? (landing_id ?? "") : "" }, {});
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
  const [totals, last30, series, leads, allowlist, landing] = await Promise.all([
    clickTotals(db, scope, "0000-00-00"),
    clickTotals(db, scope, days[0] ?? ""),
    dailyClicks(db, scope, days),
    leadFigures(db, link.partnerId, link.id),
    getTargetAllowlist(db),
    link.linkType === "landing" && link.landingId ? getLanding(db, link.partnerId, link.landingId) : null,
  ]);
  // What visitors get today: a target the re-check refuses is said so, not shown as if it worked.
  const redirectsTo = redirectLocation(link, allowlist) ?? (link.linkType === "direct" ? t.links.targetUnavailable : null);
  const utm = utmColumns.flatMap(([name, key]) => (link[key] ? [{ name, value: link[key] }] : []));
  const view = { ...link, redirectsTo, landingTitle: landing?.title ?? null, utm };
  return renderPage(
    c,
    link.title,
    <LinkPage link={view} origin={config.origin} timeZone={config.APP_TIMEZONE} totals={totals} last30={last30} leads={leads} series={series} />,
  );
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
    if (!active) {
      const question = t.links.deactivateQuestion(link.title);
      const unconfirmed = await requireConfirmation(c, { question, okLabel: t.links.deactivate, cancelHref: `/links/${link.id}` });
      if (unconfirmed) return unconfirmed;
    }
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
