/** /admin/crm: the Bitrix24 connection, its lists, the delivery queue and retries. */
import { Hono } from "hono";
import { z } from "zod";
import { AdminCrmPage } from "../../../views/crm/admin-crm-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FieldErrors, type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { CODE_PLACEHOLDER } from "./attribution-import.js";
import { type CrmLists, type CrmSettings, loadCrmLists, loadCrmSettings, maskWebhookUrl, saveCrmSettings } from "./crm-settings.js";
import { deliveryQueueState, retryDeadJobs } from "./delivery.js";
import { listFlaggedClients } from "./flagged.js";
import { listFailedDeliveries } from "./queue.js";

const m = t.crmAdmin;
const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

const crmInput = z
  .object({
    webhook_url: z
      .string()
      .optional()
      .transform(blankToNull)
      .refine((v) => v === null || /^https?:\/\/[^/\s@]+\/rest\/\d+\/[A-Za-z0-9_-]+\/?$/.test(v), m.webhookInvalid),
    application_token: z.string().max(200).optional().transform(blankToNull),
    entity_type: z.enum(["lead", "deal"]).catch("lead"),
    category_id: z
      .string()
      .optional()
      .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : 0)),
    stage_id: z.string().max(100).optional().transform(blankToNull),
    lead_status_id: z.string().max(100).optional().transform(blankToNull),
    assigned_by_id: z
      .string()
      .optional()
      .transform(blankToNull)
      .refine((v) => v === null || /^[1-9]\d{0,9}$/.test(v), m.assignedInvalid)
      .transform((v) => (v === null ? null : Number(v))),
    tracking_field: z
      .string()
      .optional()
      .transform(blankToNull)
      .refine((v) => v === null || /^UF_CRM_[A-Z0-9_]{1,50}$/i.test(v), m.trackingInvalid),
    tracking_template: z
      .string()
      .max(100)
      .optional()
      .transform((v) => blankToNull(v) ?? "partner-{code}"),
    // A checkbox: sent as "on" when ticked, absent when not.
    attribution_import: z
      .string()
      .optional()
      .transform((v) => v === "on"),
  })
  .superRefine((d, ctx) => {
    // The import reads the partner's code back from the tracking field through the template.
    if (!d.attribution_import) return;
    if (!d.tracking_field) ctx.addIssue({ code: "custom", path: ["attribution_import"], message: m.attributionNeedsField });
    else if (!d.tracking_template.includes(CODE_PLACEHOLDER)) ctx.addIssue({ code: "custom", path: ["tracking_template"], message: m.attributionNeedsCode });
  });

export const crmAdminRoutes = new Hono<AppEnv>();
crmAdminRoutes.use("*", requireAdmin);

const valuesOf = (s: CrmSettings): FormValues => ({
  entity_type: s.entityType,
  category_id: String(s.categoryId),
  stage_id: s.stageId ?? "",
  lead_status_id: s.leadStatusId ?? "",
  assigned_by_id: s.assignedById ? String(s.assignedById) : "",
  tracking_field: s.trackingField ?? "",
  tracking_template: s.trackingTemplate,
  attribution_import: s.attributionImport ? "on" : "",
});

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
  const values = form?.values ?? valuesOf(crm);
  const [portal, queue, failures, flagged] = await Promise.all([
    lists(c, crm),
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
  const d = form.data;
  const input: CrmSettings = {
    webhookUrl: d.webhook_url,
    applicationToken: d.application_token,
    entityType: d.entity_type,
    categoryId: d.category_id,
    stageId: d.stage_id,
    leadStatusId: d.lead_status_id,
    assignedById: d.assigned_by_id,
    trackingField: d.tracking_field,
    trackingTemplate: d.tracking_template,
    attributionImport: d.attribution_import,
  };
  await saveCrmSettings(c.var.deps.db, c.var.deps.config, input, currentUser(c).id, c.var.deps.now());
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
  const portal = await lists(c, crm, true);
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
