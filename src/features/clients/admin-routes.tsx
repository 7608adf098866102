/** Admin screens of the clients feature: a partner's page with all their clients, and the contact-masking switch. */
import { Hono } from "hono";
import { AdminPartnerPage } from "../../../views/clients/admin-partner-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { readForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { countLinks } from "../links/links.js";
import { getPartner } from "../partners/partners.js";
import { listLinkChoices } from "./list.js";
import { loadClientListPage } from "./list-query.js";
import { setMaskContacts } from "./masking.js";

/** Mounted at /admin/partners. */
export const clientAdminRoutes = new Hono<AppEnv>();
clientAdminRoutes.use("*", requireAdmin);

clientAdminRoutes.get("/:id", async (c, next) => {
  const id = parseId(c.req.param("id"));
  // Not an id (e.g. /admin/partners/new): leave the path to the partners feature.
  if (id === null) return next();
  const { db, now, config } = c.var.deps;
  const partner = await getPartner(db, id);
  if (!partner) return c.notFound();
  const [list, links, linkCount] = await Promise.all([
    loadClientListPage(db, { partnerId: partner.id }, c.req.query(), now(), config.APP_TIMEZONE),
    listLinkChoices(db, partner.id),
    countLinks(db, partner.id),
  ]);
  // Admins always see contacts in full; masking applies to partners only.
  return renderPage(
    c,
    partner.name,
    <AdminPartnerPage
      partner={partner}
      linkCount={linkCount}
      clients={list}
      filters={list.query}
      params={list.params}
      links={links}
      timeZone={config.APP_TIMEZONE}
    />,
  );
});

/** Mounted at /admin/settings. */
export const clientSettingsAdminRoutes = new Hono<AppEnv>();
clientSettingsAdminRoutes.use("*", requireAdmin);

clientSettingsAdminRoutes.post("/contact-masking", async (c) => {
  const masked = (await readForm(c)).mask_contacts === "on";
  await setMaskContacts(c.var.deps.db, masked, currentUser(c).id, c.var.deps.now());
  return redirectTo(c, "/admin/settings", { kind: "success", text: masked ? t.clients.masking.on : t.clients.masking.off });
});
