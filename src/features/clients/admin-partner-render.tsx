/**
 * The admin's partner page, assembled from several features: the profile and clients (here), the
 * reward rate (commissions), the Bitrix24 routing (crm) and the paid marks. Used by the page itself
 * and by every form on it that answers with the page again (a refused input, a refused mark).
 */
import { AdminPartnerPage } from "../../../views/clients/admin-partner-page.js";
import type { User } from "../../db/schema.js";
import type { AppContext } from "../../web/env.js";
import type { FlashMessage } from "../../web/flash.js";
import { renderPage } from "../../web/render.js";
import { globalRateBp, percentToBp } from "../commissions/commissions.js";
import { openClaimsOf } from "../commissions/paid-marks.js";
import { type CrmLists, type CrmSettings, loadCrmLists, loadCrmSettings, maskWebhookUrl } from "../crm/settings/crm-settings.js";
import { countLinks } from "../links/links.js";
import { listLinkChoices } from "./list.js";
import { loadClientListPage } from "./list-query.js";

/** DEFAULT_REWARD_PERCENTAGE in basis points: the global rate until the admin sets one. */
export const defaultRateBp = (c: AppContext) => percentToBp(c.var.deps.config.DEFAULT_REWARD_PERCENTAGE);

/** The general CRM settings and the portal's funnels and stages; lists are null when Bitrix24 is not set up or silent. */
export async function loadRoutingLists(c: AppContext): Promise<{ crm: CrmSettings; lists: CrmLists | null }> {
  const crm = await loadCrmSettings(c.var.deps.db, c.var.deps.config);
  if (!crm.webhookUrl) return { crm, lists: null };
  try {
    return { crm, lists: await loadCrmLists(c.var.deps.bitrix24(crm.webhookUrl), maskWebhookUrl(crm.webhookUrl), c.var.deps.now()) };
  } catch {
    return { crm, lists: null };
  }
}

export type PartnerPageForms = {
  /** The client list's query (filters and page) to show. */
  query?: Record<string, string>;
  rate?: { value: string; error: string | undefined };
  routing?: { values: Record<string, string>; errors: Partial<Record<string, string>> };
  status?: 200 | 404 | 409 | 422;
  flash?: FlashMessage;
};

export async function renderPartnerPage(c: AppContext, partner: User, forms: PartnerPageForms = {}) {
  const { db, now, config } = c.var.deps;
  const [list, links, linkCount, globalBp, routing] = await Promise.all([
    loadClientListPage(db, { partnerId: partner.id }, forms.query ?? c.req.query(), now(), config.APP_TIMEZONE),
    listLinkChoices(db, partner.id),
    countLinks(db, partner.id),
    globalRateBp(db, defaultRateBp(c)),
    loadRoutingLists(c),
  ]);
  const claims = await openClaimsOf(
    db,
    partner.id,
    list.rows.map((r) => r.id),
  );
  // Admins always see contacts in full; masking applies to partners only.
  const rows = list.rows.map((r) => ({ ...r, claimedBy: claims.get(r.id) ?? null }));
  return renderPage(
    c,
    partner.name,
    <AdminPartnerPage
      partner={partner}
      linkCount={linkCount}
      rate={{ ownBp: partner.rewardRateBp, globalBp, value: forms.rate?.value, error: forms.rate?.error }}
      routing={{
        routing: { entityType: partner.b24EntityType, categoryId: partner.b24CategoryId, stageId: partner.b24StageId },
        globalEntity: routing.crm.entityType,
        lists: routing.lists,
        values: forms.routing?.values,
        errors: forms.routing?.errors,
      }}
      clients={{ rows, total: list.total, page: list.page, pages: list.pages }}
      filters={list.query}
      params={list.params}
      links={links}
      timeZone={config.APP_TIMEZONE}
    />,
    { status: forms.status ?? 200, flash: forms.flash },
  );
}
