/** /links: the partner's tracked links, their stats, embed codes and QR codes. */
import { Hono } from "hono";
import { z } from "zod";
import { LinkFormPage } from "../../../views/links/link-form-page.js";
import { LinkPage } from "../../../views/links/link-page.js";
import { LinksPage } from "../../../views/links/links-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { lastDays } from "../../lib/day.js";
import { qrPng, qrSvg } from "../../lib/qr.js";
import { checkTargetUrl } from "../../lib/target-url.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { optionalText, parseId, requiredText } from "../../web/fields.js";
import { type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { createLink, getLink, type LinkInput, listLinks, redirectLocation, setLinkActive, updateLink } from "./links.js";
import { clickTotals, dailyClicks } from "./stats.js";

export const targetUrlField = z
  .string(t.validation.required)
  .trim()
  .min(1, t.validation.required)
  .transform((v, ctx) => {
    const checked = checkTargetUrl(v);
    if (checked.ok) return checked.url;
    ctx.addIssue({ code: "custom", message: t.links.urlErrors[checked.problem] });
    return z.NEVER;
  });

const linkInput = z
  .object({
    title: requiredText(200),
    target_url: targetUrlField,
    utm_source: optionalText(200),
    utm_medium: optionalText(200),
    utm_campaign: optionalText(200),
    utm_content: optionalText(200),
    utm_term: optionalText(200),
  })
  .transform(
    (v): LinkInput => ({
      title: v.title,
      targetUrl: v.target_url,
      utmSource: v.utm_source,
      utmMedium: v.utm_medium,
      utmCampaign: v.utm_campaign,
      utmContent: v.utm_content,
      utmTerm: v.utm_term,
    }),
  );

export const linkRoutes = new Hono<AppEnv>();
linkRoutes.use("*", requirePartner);

const formPage = (c: AppContext, linkId: number | null, values: FormValues, errors: Partial<Record<string, string>>, status: 200 | 422 = 200) =>
  renderPage(c, linkId ? t.links.editHeading : t.links.createHeading, <LinkFormPage linkId={linkId} values={values} errors={errors} />, { status });

/** The link of the signed-in partner from the :id parameter, or null (→ 404) for any other id. */
async function ownLink(c: AppContext) {
  const id = parseId(c.req.param("id"));
  return id === null ? null : getLink(c.var.deps.db, currentUser(c).id, id);
}

linkRoutes.get("/", async (c) => {
  const rows = await listLinks(c.var.deps.db, currentUser(c).id);
  return renderPage(c, t.links.title, <LinksPage rows={rows} origin={c.var.deps.config.origin} />);
});

linkRoutes.get("/new", (c) => formPage(c, null, {}, {}));

linkRoutes.post("/", async (c) => {
  const form = await parseForm(c, linkInput);
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
  const [totals, last30, series] = await Promise.all([
    clickTotals(db, scope, "0000-00-00"),
    clickTotals(db, scope, days[0] ?? ""),
    dailyClicks(db, scope, days),
  ]);
  return renderPage(
    c,
    link.title,
    <LinkPage link={{ ...link, redirectsTo: redirectLocation(link) }} origin={config.origin} totals={totals} last30={last30} series={series} />,
  );
});

linkRoutes.get("/:id/edit", async (c) => {
  const link = await ownLink(c);
  if (!link) return c.notFound();
  const values = {
    title: link.title,
    target_url: link.targetUrl ?? "",
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
  const form = await parseForm(c, linkInput);
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
