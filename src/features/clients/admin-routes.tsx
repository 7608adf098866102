/** Admin screens of the clients feature: a partner's page with all their clients and its forms, and the contact-masking switch. */
import { Hono } from "hono";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { readForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { getPartner } from "../partners/partners.js";
import { partnerRateRoutingRoutes } from "../partners/rate-routing-routes.js";
import { clientMoneyAdminRoutes } from "./admin-money-routes.js";
import { renderPartnerPage } from "./admin-partner-render.js";
import { setMaskContacts } from "./masking.js";

/** Mounted at /admin/partners. */
export const clientAdminRoutes = new Hono<AppEnv>();
clientAdminRoutes.use("*", requireAdmin);

clientAdminRoutes.get("/:id", async (c, next) => {
  const id = parseId(c.req.param("id"));
  // Not an id (e.g. /admin/partners/new): leave the path to the partners feature.
  if (id === null) return next();
  const partner = await getPartner(c.var.deps.db, id);
  if (!partner) return c.notFound();
  return renderPartnerPage(c, partner);
});

// The forms on the partner page: reward rate and routing, and the money of the partner's clients.
clientAdminRoutes.route("/", partnerRateRoutingRoutes);
clientAdminRoutes.route("/", clientMoneyAdminRoutes);

/** Mounted at /admin/settings. */
export const clientSettingsAdminRoutes = new Hono<AppEnv>();
clientSettingsAdminRoutes.use("*", requireAdmin);

clientSettingsAdminRoutes.post("/contact-masking", async (c) => {
  const masked = (await readForm(c)).mask_contacts === "on";
  await setMaskContacts(c.var.deps.db, masked, currentUser(c).id, c.var.deps.now());
  return redirectTo(c, "/admin/settings", { kind: "success", text: masked ? t.clients.masking.on : t.clients.masking.off });
});
