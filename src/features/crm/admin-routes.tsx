/** /admin/crm: the Bitrix24 connection, its lists, the delivery queue and retries. */
import { Hono } from "hono";
import { AdminCrmPage } from "../../../views/crm/admin-crm-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FieldErrors, type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { deliveryQueueState, retryDeadJobs } from "./delivery/delivery.js";
import { listFailedDeliveries } from "./delivery/failed-jobs.js";
import { crmFormValues, crmInput, crmSettingsOf } from "./inputs.js";
import { listFlaggedClients } from "./money/flagged.js";
import { type CrmLists, type CrmSettings, loadCrmLists, loadCrmSettings, loadCrmUserFields, maskWebhookUrl, saveCrmSettings } from "./settings/crm-settings.js";

const m = t.crmAdmin;
export const crmAdminRoutes = new Hono<AppEnv>();
crmAdminRoutes.use("*", requireAdmin);

/**
 * The portal's string UF fields as choices for the comment and the company ("label · code (where)"), or null
 * when the portal cannot say: the page then offers text inputs.
 */
async function userFieldOptions(c: AppContext, crm: CrmSettings, refresh = false) {
  if (!crm.webhookUrl) return null;
  try {
    const fields = await loadCrmUserFields(c.var.deps.bitrix24(crm.webhookUrl), maskWebhookUrl(crm.webhookUrl), c.var.deps.now(), refresh);
    return fields.map((f) => ({ value: f.code, label: m.userFieldOption(f.label, f.code, f.lead && f.deal ? "both" : f.lead ? "lead" : "deal") }));
  } catch {
    return null;
  }
}

/** The portal's lists, or null when there is no webhook or the portal does not answer. */
async function lists(c: AppContext, crm: CrmSettings, refresh = false): Promise<CrmLists | null> {
  if (!crm.webhookUrl) return null;
  try {
    return await loadCrmLists(c.var.deps.bitrix24(crm.webhookUrl), maskWebhookUrl(crm.webhookUrl), c.var.deps.now(), refresh);
  } catch {
    return null;
  }
}

async function page(c: AppContext, form?: { values: FormValues; errors: FieldErrors }, flash?: { kind: "success" | "error"; text: string }) {
  const { db, config, now } = c.var.deps;
  const crm = await loadCrmSettings(db, config);
  const values = form?.values ?? crmFormValues(crm);
  const [portal, userFields, queue, failures, flagged] = await Promise.all([
    lists(c, crm),
    userFieldOptions(c, crm),
    deliveryQueueState(db, now()),
    listFailedDeliveries(db, 20),
    listFlaggedClients(db),
  ]);
  const categoryId = Number(values.category_id ?? crm.categoryId);
  return renderPage(
    c,
    m.title,
    <AdminCrmPage
      values={values}
      errors={form?.errors ?? {}}
      maskedWebhook={crm.webhookUrl ? maskWebhookUrl(crm.webhookUrl) : null}
      tokenSet={Boolean(crm.applicationToken)}
      categories={portal ? portal.categories.map((x) => ({ value: String(x.id), label: x.name })) : null}
      stages={(portal?.stages[categoryId] ?? []).map((x) => ({ value: x.statusId, label: x.name }))}
      leadStatuses={(portal?.leadStatuses ?? []).map((x) => ({ value: x.statusId, label: x.name }))}
      userFields={userFields}
      handlerUrl={`${config.origin}/webhooks/bitrix24`}
      queue={queue}
      failures={failures}
      flagged={flagged}
      timeZone={config.APP_TIMEZONE}
    />,
    { status: form ? 422 : 200, flash },
  );
}

crmAdminRoutes.get("/", (c) => page(c));

crmAdminRoutes.post("/", async (c) => {
  const form = await parseForm(c, crmInput);
  if (!form.ok) return page(c, form);
  await saveCrmSettings(c.var.deps.db, c.var.deps.config, crmSettingsOf(form.data), currentUser(c).id, c.var.deps.now());
  return redirectTo(c, "/admin/crm", { kind: "success", text: m.saved });
});

crmAdminRoutes.post("/check", async (c) => {
  const crm = await loadCrmSettings(c.var.deps.db, c.var.deps.config);
  if (!crm.webhookUrl) return redirectTo(c, "/admin/crm", { kind: "error", text: m.checkNoWebhook });
  try {
    const categories = await c.var.deps.bitrix24(crm.webhookUrl).listCategories();
    return redirectTo(c, "/admin/crm", { kind: "success", text: m.checkOk(categories.length) });
  } catch (error) {
    // Bitrix24Error messages name the method and the portal's answer, never the webhook URL.
    return redirectTo(c, "/admin/crm", { kind: "error", text: m.checkFailed(String((error as Error).message).slice(0, 200)) });
  }
});

crmAdminRoutes.post("/lists", async (c) => {
  const crm = await loadCrmSettings(c.var.deps.db, c.var.deps.config);
  const [portal] = await Promise.all([lists(c, crm, true), userFieldOptions(c, crm, true)]);
  return redirectTo(c, "/admin/crm", portal ? undefined : { kind: "error", text: m.listsUnavailable });
});

crmAdminRoutes.post("/retries", async (c) => {
  const n = await retryDeadJobs(c.var.deps.db, currentUser(c).id, c.var.deps.now());
  return redirectTo(c, "/admin/crm", { kind: "success", text: m.retried(n) });
});

crmAdminRoutes.post("/retries/:jobId", async (c) => {
  const jobId = parseId(c.req.param("jobId"));
  if (jobId === null) return c.notFound();
  const n = await retryDeadJobs(c.var.deps.db, currentUser(c).id, c.var.deps.now(), jobId);
  if (n === 0) return c.notFound();
  return redirectTo(c, "/admin/crm", { kind: "success", text: m.retried(n) });
});
