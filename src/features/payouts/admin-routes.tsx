/** /admin/payouts: the payout desk — the queue with filters, the sidebar badge, a request in full, decisions, rules. */
import { Hono } from "hono";
import { AdminPayoutsPage } from "../../../views/payouts/admin-payouts-page.js";
import { AdminRequestPage } from "../../../views/payouts/admin-request-page.js";
import { PendingPayoutsBadge } from "../../../views/payouts/pending-payouts-badge.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FieldErrors, type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { resolvePeriod } from "../clients/period.js";
import { loadCrmSettings } from "../crm/settings/crm-settings.js";
import { ADMIN_PAGE_SIZE, countPendingPayouts, getPayoutRequestForAdmin, listPayoutRequests, listRequestingPartners, portalBaseOf } from "./admin-queries.js";
import { type AdminListQuery, adminListQuery, decisionInput, rejectInput, roublesValue, settingsInput } from "./inputs.js";
import { getPayoutSettings, savePayoutSettings } from "./payout-settings.js";
import { parseSnapshot } from "./snapshot.js";
import { approvePayout, canTransition, markPayoutPaid, rejectPayout, type TransitionResult } from "./transitions.js";

export const payoutAdminRoutes = new Hono<AppEnv>();
payoutAdminRoutes.use("*", requireAdmin);

/** The query as typed (for the form) and the non-default parts (for page links). */
function filterValues(c: AppContext, q: AdminListQuery) {
  const raw = c.req.query();
  const values = {
    status: q.status,
    partner: q.partner === null ? "" : String(q.partner),
    amount_from: q.amount_from === null ? "" : (raw.amount_from ?? ""),
    amount_to: q.amount_to === null ? "" : (raw.amount_to ?? ""),
    from: q.from,
    to: q.to,
  };
  const params = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== "" && !(key === "status" && value === "pending")));
  return { values, params };
}

async function listPage(c: AppContext, settingsForm?: { values: FormValues; errors: FieldErrors }) {
  const { db, now, config } = c.var.deps;
  const q = adminListQuery.parse(c.req.query());
  const created = resolvePeriod({ period: "all", from: q.from, to: q.to }, now(), config.APP_TIMEZONE);
  const filters = { status: q.status, partnerId: q.partner, minKopecks: q.amount_from, maxKopecks: q.amount_to, from: created.from, to: created.to };
  const [{ rows, total }, partners, settings] = await Promise.all([listPayoutRequests(db, filters, q.page), listRequestingPartners(db), getPayoutSettings(db)]);
  const { values, params } = filterValues(c, q);
  const form = settingsForm ?? { values: { hold_days: String(settings.holdDays), min_amount: roublesValue(settings.minKopecks) }, errors: {} };
  return renderPage(
    c,
    t.payoutsAdmin.title,
    <AdminPayoutsPage
      rows={rows}
      total={total}
      page={q.page}
      pages={Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE))}
      filters={values}
      params={params}
      partners={partners}
      settings={form}
      timeZone={config.APP_TIMEZONE}
    />,
    { status: settingsForm ? 422 : 200 },
  );
}

payoutAdminRoutes.get("/", (c) => listPage(c));

payoutAdminRoutes.get("/badge", async (c) => c.html(<PendingPayoutsBadge count={await countPendingPayouts(c.var.deps.db)} />));

payoutAdminRoutes.post("/settings", async (c) => {
  const form = await parseForm(c, settingsInput);
  if (!form.ok) return listPage(c, { values: form.values, errors: form.errors });
  const { changed } = await savePayoutSettings(
    c.var.deps.db,
    { holdDays: form.data.hold_days, minKopecks: form.data.min_amount },
    currentUser(c).id,
    c.var.deps.now(),
  );
  return redirectTo(c, "/admin/payouts", {
    kind: changed ? "success" : "info",
    text: changed ? t.payoutsAdmin.settings.saved : t.payoutsAdmin.settings.unchanged,
  });
});

type DecisionError = { form: "approve" | "reject" | "paid"; message: string; comment: string };

async function detailPage(c: AppContext, id: number, extra: { status?: 409 | 422; refused?: boolean; error?: DecisionError } = {}) {
  const { db, config } = c.var.deps;
  const found = await getPayoutRequestForAdmin(db, id);
  if (!found) return c.notFound();
  const crm = await loadCrmSettings(db, config);
  const status = found.request.status;
  return renderPage(
    c,
    t.payoutsAdmin.detail.title(id),
    <AdminRequestPage
      request={found.request}
      partner={found.partner}
      decidedByName={found.decidedByName}
      paidByName={found.paidByName}
      snapshot={parseSnapshot(found.request.methodSnapshot)}
      clients={found.clients}
      portalBase={portalBaseOf(crm.webhookUrl)}
      allowed={{ approve: canTransition(status, "approve"), reject: canTransition(status, "reject"), paid: canTransition(status, "paid") }}
      error={extra.error}
      timeZone={config.APP_TIMEZONE}
    />,
    { status: extra.status ?? 200, flash: extra.refused ? { kind: "error", text: t.payoutsAdmin.actions.alreadyProcessed } : undefined },
  );
}

payoutAdminRoutes.get("/:id", async (c) => {
  const id = parseId(c.req.param("id"));
  return id === null ? c.notFound() : detailPage(c, id);
});

type Run = (db: AppContext["var"]["deps"]["db"], id: number, adminId: number, comment: string | null, now: number) => Promise<TransitionResult>;

const decisions: Array<{
  noun: string;
  form: DecisionError["form"];
  schema: typeof decisionInput | typeof rejectInput;
  run: Run;
  done: (id: number) => string;
  /** Dangerous decisions ask first (src/web/confirm.tsx): the question and its button. */
  confirm?: { question: (id: number, partnerName: string, totalKopecks: number) => string; okLabel: string; variant: "danger" | "primary" };
}> = [
  {
    noun: "approval",
    form: "approve",
    schema: decisionInput,
    run: (db, id, a, comment, now) => approvePayout(db, id, a, comment, t.payouts.notices, now),
    done: t.payoutsAdmin.actions.approved,
  },
  {
    noun: "payment",
    form: "paid",
    schema: decisionInput,
    run: (db, id, a, comment, now) => markPayoutPaid(db, id, a, comment, t.payouts.notices, now),
    done: t.payoutsAdmin.actions.paid,
    confirm: { question: t.payoutsAdmin.actions.paidQuestion, okLabel: t.payoutsAdmin.actions.markPaid, variant: "primary" },
  },
  // rejectPayout itself refuses an empty comment; the schema says so next to the field first.
  {
    noun: "rejection",
    form: "reject",
    schema: rejectInput,
    run: (db, id, a, comment, now) => rejectPayout(db, id, a, comment ?? "", t.payouts.notices, now),
    done: t.payoutsAdmin.actions.rejected,
    confirm: { question: t.payoutsAdmin.actions.rejectQuestion, okLabel: t.payoutsAdmin.actions.reject, variant: "danger" },
  },
];

for (const { noun, form, schema, run, done, confirm } of decisions) {
  payoutAdminRoutes.post(`/:id/${noun}`, async (c) => {
    const { db, now } = c.var.deps;
    const id = parseId(c.req.param("id"));
    if (id === null) return c.notFound();
    const input = await parseForm(c, schema);
    const invalid = (message: string) => detailPage(c, id, { status: 422, error: { form, message, comment: input.values.comment ?? "" } });
    if (!input.ok) return invalid(input.errors.comment ?? t.validation.formErrors);
    if (confirm) {
      const question = async () => {
        const found = await getPayoutRequestForAdmin(db, id);
        return found ? confirm.question(id, found.partner.name, found.request.totalKopecks) : null;
      };
      const unconfirmed = await requireConfirmation(c, { question, okLabel: confirm.okLabel, cancelHref: `/admin/payouts/${id}`, variant: confirm.variant });
      if (unconfirmed) return unconfirmed;
    }
    const result = await run(db, id, currentUser(c).id, input.data.comment, now());
    if (!result.ok && result.reason === "not_found") return c.notFound();
    if (!result.ok && result.reason === "comment_required") return invalid(t.validation.required);
    if (!result.ok) return detailPage(c, id, { status: 409, refused: true });
    return redirectTo(c, `/admin/payouts/${id}`, { kind: "success", text: done(id) });
  });
}
