/** /crm: the partner's view of the Bitrix24 side — routing in words, delivery counts, conversion. */
import { Hono } from "hono";
import { PartnerCrmPage } from "../../../views/crm/partner-crm-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppEnv } from "../../web/env.js";
import { renderPage } from "../../web/render.js";
import { getRoutingOverride, listsWithin, partnerCrmStats, routingFor, routingNames } from "./partner-crm.js";
import { loadCrmLists, loadCrmSettings, maskWebhookUrl } from "./settings/crm-settings.js";

export const crmPartnerRoutes = new Hono<AppEnv>();
crmPartnerRoutes.use("*", requirePartner);

crmPartnerRoutes.get("/", async (c) => {
  const { db, config, now, bitrix24 } = c.var.deps;
  const partnerId = currentUser(c).id;
  const [crm, override, stats] = await Promise.all([loadCrmSettings(db, config), getRoutingOverride(db, partnerId), partnerCrmStats(db, partnerId)]);
  const routing = routingFor(crm, override);
  const webhookUrl = crm.webhookUrl;
  // The masked URL keys the caches only; nothing about the connection reaches the page.
  const lists = webhookUrl
    ? await listsWithin(() => loadCrmLists(bitrix24(webhookUrl), maskWebhookUrl(webhookUrl), now()), maskWebhookUrl(webhookUrl), now())
    : null;
  const portal = !webhookUrl ? "not_configured" : lists ? "ok" : "unavailable";
  return renderPage(c, t.crmPartner.title, <PartnerCrmPage routing={routing} names={lists && routingNames(routing, lists)} portal={portal} stats={stats} />);
});
