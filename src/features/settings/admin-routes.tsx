/** /admin/settings: program-wide settings. Now: the default links given to every new partner. */
import { Hono } from "hono";
import { SettingsPage } from "../../../views/settings/settings-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { getMaskContacts } from "../clients/masking.js";
import { createDefaultLink, deleteDefaultLink, listDefaultLinks } from "../links/default-links.js";
import { defaultLinkInput } from "../links/inputs.js";

export const settingsAdminRoutes = new Hono<AppEnv>();
settingsAdminRoutes.use("*", requireAdmin);

async function page(c: AppContext, values: FormValues = {}, errors: Partial<Record<string, string>> = {}, status: 200 | 422 = 200) {
  const [defaultLinks, maskContacts] = await Promise.all([listDefaultLinks(c.var.deps.db), getMaskContacts(c.var.deps.db)]);
  return renderPage(c, t.settings.title, <SettingsPage defaultLinks={defaultLinks} values={values} errors={errors} maskContacts={maskContacts} />, { status });
}

settingsAdminRoutes.get("/", (c) => page(c));

settingsAdminRoutes.post("/default-links", async (c) => {
  const form = await parseForm(c, defaultLinkInput);
  if (!form.ok) return page(c, form.values, form.errors, 422);
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
  if (id === null || !(await deleteDefaultLink(c.var.deps.db, id, currentUser(c).id, c.var.deps.now()))) return c.notFound();
  return redirectTo(c, "/admin/settings", { kind: "success", text: t.settings.defaultLinkDeleted });
});
