/** /admin/settings: program-wide settings — the global commission rate, the allowlist of target domains and the default links given to every new partner. */
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { createDefaultLink, deleteDefaultLink, listDefaultLinks } from "../links/default-links.js";
import { defaultLinkInput } from "../links/inputs.js";
import { parsePercent, setGlobalRate } from "./commission-rate.js";
import { defaultRateBp, settingsPage } from "./settings-page.js";
import { getTargetAllowlist, MAX_ALLOWED_DOMAINS, parseAllowlist, setTargetAllowlist } from "./target-allowlist.js";

const rateErrors = {
  invalid: t.commissions.globalRate.invalid,
  too_many_decimals: t.commissions.globalRate.tooManyDecimals,
  too_large: t.commissions.globalRate.tooLarge,
} as const;

const rateInput = z.object({
  rate_percent: z
    .string(t.validation.required)
    .trim()
    .min(1, t.validation.required)
    .max(20, rateErrors.invalid)
    .transform((v, ctx) => {
      const parsed = parsePercent(v);
      if (parsed.ok) return parsed.rateBp;
      ctx.addIssue({ code: "custom", message: rateErrors[parsed.reason] });
      return z.NEVER;
    }),
});

const domainErrors = t.settings.targetDomains;
const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

const targetDomainsInput = z.object({
  target_domains: z
    .string()
    .max(10_000, domainErrors.tooLong)
    .default("")
    .transform((v, ctx) => {
      const parsed = parseAllowlist(v);
      if (parsed.ok) return parsed.domains;
      const message =
        parsed.problem === "too_many" ? domainErrors.tooMany(MAX_ALLOWED_DOMAINS) : domainErrors.errors[parsed.problem](parsed.line, clip(parsed.text));
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }),
});

export const settingsAdminRoutes = new Hono<AppEnv>();
settingsAdminRoutes.use("*", requireAdmin);

settingsAdminRoutes.get("/", (c) => settingsPage(c));

settingsAdminRoutes.post("/commission-rate", async (c) => {
  const form = await parseForm(c, rateInput);
  if (!form.ok) return settingsPage(c, form.values, form.errors, 422);
  await setGlobalRate(c.var.deps.db, form.data.rate_percent, defaultRateBp(c), currentUser(c).id, c.var.deps.now());
  return redirectTo(c, "/admin/settings", { kind: "success", text: t.commissions.globalRate.saved(t.commissions.rate(form.data.rate_percent)) });
});

settingsAdminRoutes.post("/target-domains", async (c) => {
  const form = await parseForm(c, targetDomainsInput);
  if (!form.ok) return settingsPage(c, form.values, form.errors, 422);
  const { db, now, redirects } = c.var.deps;
  const domains = form.data.target_domains;
  const changed = await setTargetAllowlist(db, domains, currentUser(c).id, now());
  // Every cached redirect was checked against the old list.
  if (changed) redirects.clear();
  const text = !changed ? domainErrors.unchanged : domains.length > 0 ? domainErrors.saved : domainErrors.cleared;
  return redirectTo(c, "/admin/settings", { kind: "success", text });
});

settingsAdminRoutes.post("/default-links", async (c) => {
  const form = await parseForm(c, defaultLinkInput(await getTargetAllowlist(c.var.deps.db)));
  if (!form.ok) return settingsPage(c, form.values, form.errors, 422);
  const d = form.data;
  const input = {
    title: d.title,
    targetUrl: d.target_url,
    utmSource: d.utm_source,
    utmMedium: d.utm_medium,
    utmCampaign: d.utm_campaign,
    utmContent: d.utm_content,
  };
  await createDefaultLink(c.var.deps.db, input, currentUser(c).id, c.var.deps.now());
  return redirectTo(c, "/admin/settings", { kind: "success", text: t.settings.defaultLinkAdded });
});

settingsAdminRoutes.post("/default-links/:id/deletion", async (c) => {
  const id = parseId(c.req.param("id"));
  const link = id === null ? undefined : (await listDefaultLinks(c.var.deps.db)).find((d) => d.id === id);
  if (id === null || !link) return c.notFound();
  const unconfirmed = await requireConfirmation(c, {
    question: t.settings.deleteDefaultLinkQuestion(link.title),
    okLabel: t.settings.delete,
    cancelHref: "/admin/settings#default-links",
  });
  if (unconfirmed) return unconfirmed;
  if (!(await deleteDefaultLink(c.var.deps.db, id, currentUser(c).id, c.var.deps.now()))) return c.notFound();
  return redirectTo(c, "/admin/settings", { kind: "success", text: t.settings.defaultLinkDeleted });
});
