/** Admin screens for partners: overview, registration queue, partner list, create, (de)activate. */
import { Hono } from "hono";
import { z } from "zod";
import { AdminOverviewPage } from "../../../views/partners/admin-overview-page.js";
import { CreatePartnerPage } from "../../../views/partners/create-partner-page.js";
import { PartnersPage, PartnerTableRow } from "../../../views/partners/partners-page.js";
import { PendingBadge } from "../../../views/partners/pending-badge.js";
import { RegistrationsPage } from "../../../views/partners/registrations-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { hashPassword } from "../../auth/password.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { emailField, optionalPhone, optionalText, parseId, passwordField, requiredText } from "../../web/fields.js";
import { parseForm } from "../../web/forms.js";
import { isFragment, redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import {
  approveRegistration,
  countPartnersByState,
  countPendingRegistrations,
  createApprovedPartner,
  getPartner,
  listPartners,
  listPendingRegistrations,
  partnerFilters,
  rejectRegistration,
  setPartnerActive,
} from "./partners.js";

const PAGE_SIZE = 25;
const welcome = (p: { name: string }) => ({ title: t.partners.admin.welcomeTitle, message: t.partners.admin.welcomeMessage(p.name) });

const listQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  status: z.enum(partnerFilters).catch("all"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const rejectInput = z.object({ reason: optionalText(1000, true) });
const createInput = z.object({ name: requiredText(100), email: emailField, password: passwordField, company: optionalText(200), phone: optionalPhone });

export const partnerAdminRoutes = new Hono<AppEnv>();
partnerAdminRoutes.use("*", requireAdmin);

partnerAdminRoutes.get("/", async (c) => {
  const counts = await countPartnersByState(c.var.deps.db);
  return renderPage(c, t.partners.admin.overviewTitle, <AdminOverviewPage counts={counts} />);
});

async function registrationsPage(
  c: AppContext,
  extra: { status?: 404 | 409 | 422; error?: string; rejectError?: { id: number; message: string; reason: string } } = {},
) {
  const rows = await listPendingRegistrations(c.var.deps.db);
  return renderPage(
    c,
    t.partners.admin.registrationsTitle,
    <RegistrationsPage rows={rows} timeZone={c.var.deps.config.APP_TIMEZONE} rejectError={extra.rejectError} />,
    {
      status: extra.status ?? 200,
      flash: extra.error ? { kind: "error", text: extra.error } : undefined,
    },
  );
}

partnerAdminRoutes.get("/registrations", (c) => registrationsPage(c));

partnerAdminRoutes.get("/registrations/badge", async (c) => c.html(<PendingBadge count={await countPendingRegistrations(c.var.deps.db)} />));

partnerAdminRoutes.post("/registrations/:id/approval", async (c) => {
  const id = parseId(c.req.param("id"));
  if (id === null) return c.notFound();
  const result = await approveRegistration(c.var.deps.db, id, currentUser(c).id, welcome, c.var.deps.now());
  if (!result.ok) return result.reason === "not_found" ? c.notFound() : registrationsPage(c, { status: 409, error: t.partners.admin.alreadyProcessed });
  return redirectTo(c, "/admin/registrations", { kind: "success", text: t.partners.admin.approved(result.partner.name) });
});

partnerAdminRoutes.post("/registrations/:id/rejection", async (c) => {
  const id = parseId(c.req.param("id"));
  if (id === null) return c.notFound();
  const form = await parseForm(c, rejectInput);
  if (!form.ok) {
    return registrationsPage(c, { status: 422, rejectError: { id, message: form.errors.reason ?? t.validation.formErrors, reason: form.values.reason ?? "" } });
  }
  const applicant = await getPartner(c.var.deps.db, id);
  if (!applicant) return c.notFound();
  if (applicant.approvalStatus !== "pending") return registrationsPage(c, { status: 409, error: t.partners.admin.alreadyProcessed });
  const question = t.partners.admin.rejectQuestion(applicant.name);
  const unconfirmed = await requireConfirmation(c, { question, okLabel: t.partners.admin.reject, cancelHref: "/admin/registrations" });
  if (unconfirmed) return unconfirmed;
  const result = await rejectRegistration(c.var.deps.db, id, currentUser(c).id, form.data.reason, c.var.deps.now());
  if (!result.ok) return result.reason === "not_found" ? c.notFound() : registrationsPage(c, { status: 409, error: t.partners.admin.alreadyProcessed });
  return redirectTo(c, "/admin/registrations", { kind: "success", text: t.partners.admin.rejectedMsg(result.partner.name) });
});

partnerAdminRoutes.get("/partners", async (c) => {
  const q = listQuery.parse(c.req.query());
  const { rows, total } = await listPartners(c.var.deps.db, { search: q.q, filter: q.status, page: q.page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return renderPage(
    c,
    t.partners.admin.partnersTitle,
    <PartnersPage rows={rows} search={q.q} filter={q.status} page={q.page} pages={pages} total={total} timeZone={c.var.deps.config.APP_TIMEZONE} />,
  );
});

partnerAdminRoutes.get("/partners/new", (c) => renderPage(c, t.partners.admin.createTitle, <CreatePartnerPage values={{}} errors={{}} />));

partnerAdminRoutes.post("/partners", async (c) => {
  const form = await parseForm(c, createInput);
  const invalid = (errors: Partial<Record<string, string>>) =>
    renderPage(c, t.partners.admin.createTitle, <CreatePartnerPage values={form.values} errors={errors} />, { status: 422 });
  if (!form.ok) return invalid(form.errors);
  const { password, ...profile } = form.data;
  const input = { ...profile, passwordHash: await hashPassword(password) };
  const result = await createApprovedPartner(c.var.deps.db, input, currentUser(c).id, welcome(profile), c.var.deps.now());
  if (!result.ok) return invalid({ email: t.auth.errors.emailTaken });
  return redirectTo(c, "/admin/partners", { kind: "success", text: t.partners.admin.created(result.user.name) });
});

for (const [noun, active] of [
  ["activation", true],
  ["deactivation", false],
] as const) {
  partnerAdminRoutes.post(`/partners/:id/${noun}`, async (c) => {
    const id = parseId(c.req.param("id"));
    if (id === null) return c.notFound();
    if (!active) {
      const partner = await getPartner(c.var.deps.db, id);
      if (!partner) return c.notFound();
      const question = t.partners.admin.deactivateQuestion(partner.name);
      const unconfirmed = await requireConfirmation(c, { question, okLabel: t.partners.admin.deactivate, cancelHref: "/admin/partners" });
      if (unconfirmed) return unconfirmed;
    }
    const result = await setPartnerActive(c.var.deps.db, id, active, currentUser(c).id, c.var.deps.now());
    if (!result.ok && result.reason === "not_found") return c.notFound();
    if (!result.ok) return redirectTo(c, "/admin/partners", { kind: "error", text: t.partners.admin.cannotActivateUnapproved });
    if (isFragment(c)) return c.html(<PartnerTableRow row={result.partner} timeZone={c.var.deps.config.APP_TIMEZONE} />);
    const text = active ? t.partners.admin.activated(result.partner.name) : t.partners.admin.deactivated(result.partner.name);
    return redirectTo(c, "/admin/partners", { kind: "success", text });
  });
}
