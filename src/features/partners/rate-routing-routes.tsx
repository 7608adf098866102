/** The partner page's reward rate and Bitrix24 routing forms (mounted under /admin/partners). */
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { loadRoutingLists, renderPartnerPage } from "../clients/admin-partner-render.js";
import { rateInput } from "../commissions/inputs.js";
import { getPartner } from "./partners.js";
import { checkRouting, noRouting, type Routing, setPartnerRate, setPartnerRouting } from "./rate-routing.js";

const m = t.moneyTools;

const routingInput = z.object({
  entity_type: z
    .string()
    .optional()
    .transform((v) => v ?? "")
    .pipe(z.enum(["", "lead", "deal"], m.routing.errors.unknown_entity))
    .transform((v) => (v === "" ? null : v)),
  category_id: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (/^\d{1,9}$/.test(v)) return Number(v);
      ctx.addIssue({ code: "custom", message: m.routing.errors.unknown_category });
      return z.NEVER;
    }),
  stage_id: z
    .string()
    .max(100, m.routing.errors.unknown_stage)
    .optional()
    .transform((v) => (v ? v : null)),
});

export const partnerRateRoutingRoutes = new Hono<AppEnv>();
partnerRateRoutingRoutes.use("*", requireAdmin);

async function partnerOf(c: AppContext) {
  const id = parseId(c.req.param("id"));
  return id === null ? null : getPartner(c.var.deps.db, id);
}

const back = (id: number) => `/admin/partners/${id}`;

partnerRateRoutingRoutes.post("/:id/rate", async (c) => {
  const partner = await partnerOf(c);
  if (!partner) return c.notFound();
  const form = await parseForm(c, rateInput);
  if (!form.ok) return renderPartnerPage(c, partner, { rate: { value: form.values.rate ?? "", error: form.errors.rate }, status: 422 });
  const saved = await setPartnerRate(c.var.deps.db, partner.id, form.data.rate, currentUser(c).id, c.var.deps.now());
  if (!saved.ok) return c.notFound();
  return redirectTo(c, back(partner.id), { kind: "success", text: saved.changed ? m.rate.saved(form.data.rate) : m.rate.unchanged });
});

partnerRateRoutingRoutes.post("/:id/rate/deletion", async (c) => {
  const partner = await partnerOf(c);
  if (!partner) return c.notFound();
  const question = m.rate.clearQuestion(partner.name);
  const unconfirmed = await requireConfirmation(c, { question, okLabel: m.rate.clear, cancelHref: back(partner.id), variant: "secondary" });
  if (unconfirmed) return unconfirmed;
  const saved = await setPartnerRate(c.var.deps.db, partner.id, null, currentUser(c).id, c.var.deps.now());
  if (!saved.ok) return c.notFound();
  return redirectTo(c, back(partner.id), { kind: "success", text: saved.changed ? m.rate.cleared : m.rate.unchanged });
});

partnerRateRoutingRoutes.post("/:id/routing", async (c) => {
  const partner = await partnerOf(c);
  if (!partner) return c.notFound();
  const form = await parseForm(c, routingInput);
  if (!form.ok) return renderPartnerPage(c, partner, { routing: form, status: 422 });
  const routing: Routing = { entityType: form.data.entity_type, categoryId: form.data.category_id, stageId: form.data.stage_id };
  const { lists } = await loadRoutingLists(c);
  // Without the portal's lists nothing can be checked: only clearing is accepted.
  if (!lists && (routing.entityType !== null || routing.categoryId !== null || routing.stageId !== null))
    return renderPartnerPage(c, partner, { status: 422, flash: { kind: "error", text: m.routing.errors.unavailable } });
  const problem = lists ? checkRouting(routing, lists) : null;
  if (problem)
    return renderPartnerPage(c, partner, { routing: { values: form.values, errors: { [problem.field]: m.routing.errors[problem.reason] } }, status: 422 });
  const saved = await setPartnerRouting(c.var.deps.db, partner.id, routing, currentUser(c).id, c.var.deps.now());
  if (!saved.ok) return c.notFound();
  return redirectTo(c, back(partner.id), { kind: "success", text: saved.changed ? m.routing.saved : m.routing.unchanged });
});

partnerRateRoutingRoutes.post("/:id/routing/deletion", async (c) => {
  const partner = await partnerOf(c);
  if (!partner) return c.notFound();
  const question = m.routing.clearQuestion(partner.name);
  const unconfirmed = await requireConfirmation(c, { question, okLabel: m.routing.clear, cancelHref: back(partner.id), variant: "secondary" });
  if (unconfirmed) return unconfirmed;
  const saved = await setPartnerRouting(c.var.deps.db, partner.id, noRouting, currentUser(c).id, c.var.deps.now());
  if (!saved.ok) return c.notFound();
  return redirectTo(c, back(partner.id), { kind: "success", text: saved.changed ? m.routing.cleared : m.routing.unchanged });
});
