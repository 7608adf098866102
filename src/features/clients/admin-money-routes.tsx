/**
 * The admin's money tools on a partner's clients (mounted under /admin/partners): one client's money
 * page with hand edits, and paid/unpaid marks for one client or many. Every client is looked up
 * within the partner in the URL: another partner's client answers 404 like a missing one.
 */
import { Hono } from "hono";
import { AdminClientPage, type MoneyForm } from "../../../views/money/admin-client-page.js";
import { currentUser, requireAdmin } from "../../auth/guards.js";
import type { Client, User } from "../../db/schema.js";
import { t } from "../../i18n/ru.js";
import { requireConfirmation } from "../../web/confirm.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FormBody, parseForm, readFormAll } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { effectiveRateBp } from "../commissions/commissions.js";
import { amountInput, commissionInput, flagInput } from "../commissions/inputs.js";
import { clearCommissionFlag, editAmount, editCommission, findPartnerClient, listCommissionHistory, type ManualResult } from "../commissions/manual.js";
import { MAX_MARKED_AT_ONCE, markClientsPaid, markClientsUnpaid, openClaimsOf, type PaidMarkResult } from "../commissions/paid-marks.js";
import { getPartner } from "../partners/partners.js";
import { defaultRateBp, renderPartnerPage } from "./admin-partner-render.js";

const m = t.moneyTools;

export const clientMoneyAdminRoutes = new Hono<AppEnv>();
clientMoneyAdminRoutes.use("*", requireAdmin);

type Forms = { amount?: MoneyForm; commission?: MoneyForm; flag?: MoneyForm };
type Extra = { forms?: Forms; status?: 200 | 409 | 422; flash?: { kind: "error"; text: string } };

/** The partner and their client from the URL, or null for anything that is not exactly that pair. */
async function partnerClientOf(c: AppContext): Promise<{ partner: User; client: Client } | null> {
  const partnerId = parseId(c.req.param("id"));
  const clientId = parseId(c.req.param("clientId"));
  if (partnerId === null || clientId === null) return null;
  const partner = await getPartner(c.var.deps.db, partnerId);
  const client = partner ? await findPartnerClient(c.var.deps.db, partner.id, clientId) : null;
  return partner && client ? { partner, client } : null;
}

async function clientPage(c: AppContext, partner: User, client: Client, extra: Extra = {}) {
  const db = c.var.deps.db;
  const [history, claims] = await Promise.all([listCommissionHistory(db, client.id), openClaimsOf(db, partner.id, [client.id])]);
  // The rate an amount edit recomputes with: only a won, unpaid client's commission follows its amount.
  const follows = client.statusGroup === "won" && !client.isPaid;
  const recomputeRateBp = follows ? (client.commissionRateBp ?? (await effectiveRateBp(db, partner.id, defaultRateBp(c)))) : null;
  return renderPage(
    c,
    client.name,
    <AdminClientPage
      partner={partner}
      client={{ ...client, claimedBy: claims.get(client.id) ?? null }}
      recomputeRateBp={recomputeRateBp}
      history={history}
      forms={extra.forms ?? {}}
      timeZone={c.var.deps.config.APP_TIMEZONE}
    />,
    { status: extra.status ?? 200, flash: extra.flash },
  );
}

const clientPath = (partnerId: number, clientId: number) => `/admin/partners/${partnerId}/clients/${clientId}`;

clientMoneyAdminRoutes.get("/:id/clients/:clientId", async (c) => {
  const found = await partnerClientOf(c);
  return found ? clientPage(c, found.partner, found.client) : c.notFound();
});

/** A refused or successful hand edit, answered the same way for the three edit forms. */
async function answerEdit(c: AppContext, found: { partner: User; client: Client }, key: keyof Forms, form: MoneyForm, result: ManualResult, ok: string) {
  if (result.ok) return redirectTo(c, clientPath(found.partner.id, found.client.id), { kind: "success", text: ok });
  if (result.reason === "not_found") return c.notFound();
  if (result.reason === "unchanged")
    return clientPage(c, found.partner, found.client, { forms: { [key]: { ...form, errors: { [key]: m.client.unchanged } } }, status: 422 });
  const text = result.reason === "conflict" ? m.client.conflict : m.client.notFlagged;
  const current = (await findPartnerClient(c.var.deps.db, found.partner.id, found.client.id)) ?? found.client;
  return clientPage(c, found.partner, current, { forms: { [key]: form }, status: 409, flash: { kind: "error", text } });
}

clientMoneyAdminRoutes.post("/:id/clients/:clientId/amount", async (c) => {
  const found = await partnerClientOf(c);
  if (!found) return c.notFound();
  const form = await parseForm(c, amountInput);
  if (!form.ok) return clientPage(c, found.partner, found.client, { forms: { amount: form }, status: 422 });
  const edit = { partnerId: found.partner.id, clientId: found.client.id, adminId: currentUser(c).id, note: form.data.amount_reason, now: c.var.deps.now() };
  const result = await editAmount(c.var.deps.db, { ...edit, amountKopecks: form.data.amount, defaultRateBp: defaultRateBp(c) });
  return answerEdit(c, found, "amount", { values: form.values, errors: {} }, result, m.client.amountSaved(result.ok && result.commissionChanged));
});

clientMoneyAdminRoutes.post("/:id/clients/:clientId/commission", async (c) => {
  const found = await partnerClientOf(c);
  if (!found) return c.notFound();
  const form = await parseForm(c, commissionInput);
  if (!form.ok) return clientPage(c, found.partner, found.client, { forms: { commission: form }, status: 422 });
  const edit = { partnerId: found.partner.id, clientId: found.client.id, adminId: currentUser(c).id, note: form.data.commission_reason, now: c.var.deps.now() };
  const result = await editCommission(c.var.deps.db, { ...edit, commissionKopecks: form.data.commission });
  return answerEdit(c, found, "commission", { values: form.values, errors: {} }, result, m.client.commissionSaved);
});

clientMoneyAdminRoutes.post("/:id/clients/:clientId/flag-clearing", async (c) => {
  const found = await partnerClientOf(c);
  if (!found) return c.notFound();
  const form = await parseForm(c, flagInput);
  if (!form.ok) return clientPage(c, found.partner, found.client, { forms: { flag: form }, status: 422 });
  const edit = { partnerId: found.partner.id, clientId: found.client.id, adminId: currentUser(c).id, note: form.data.note, now: c.var.deps.now() };
  const result = await clearCommissionFlag(c.var.deps.db, edit);
  return answerEdit(c, found, "flag", { values: form.values, errors: {} }, result, m.client.flagCleared);
});

// Paid marks: one client (from its page or its row) or the ticked ones of the list.

type Body = FormBody;
const strings = (v: Body[string] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The list's filters as they were, rebuilt from the form so only a query string of our page is ever used. */
function listQueryOf(body: Body): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(strings(body.back)[0] ?? "").entries());
}

async function applyMark(c: AppContext, partner: User, ids: number[], mark: string): Promise<PaidMarkResult | null> {
  const input = { partnerId: partner.id, clientIds: ids, adminId: currentUser(c).id, now: c.var.deps.now() };
  if (mark === "paid") return markClientsPaid(c.var.deps.db, input);
  if (mark === "unpaid") return markClientsUnpaid(c.var.deps.db, input);
  return null;
}

function refusalText(result: Exclude<PaidMarkResult, { ok: true } | { reason: "not_found" }>) {
  return result.reason === "claimed" ? m.clients.claimedRefused(result.clients) : m.clients.noCommissionRefused(result.clients);
}

const listPath = (partnerId: number, query: Record<string, string>) => {
  const qs = new URLSearchParams(query).toString();
  return `/admin/partners/${partnerId}${qs ? `?${qs}` : ""}`;
};

const doneText = (mark: string, n: number) => (mark === "paid" ? m.clients.markedPaid(n) : m.clients.markedUnpaid(n));

clientMoneyAdminRoutes.post("/:id/clients/:clientId/payment-mark", async (c) => {
  const found = await partnerClientOf(c);
  if (!found) return c.notFound();
  const body = await readFormAll(c);
  const mark = strings(body.mark)[0] ?? "";
  const fromClientPage = strings(body.back)[0] === "client";
  if (mark === "paid" || mark === "unpaid") {
    const cancelHref = fromClientPage ? clientPath(found.partner.id, found.client.id) : listPath(found.partner.id, listQueryOf(body));
    const question = mark === "paid" ? m.clients.paidQuestion(found.client.name) : m.clients.unpaidQuestion(found.client.name);
    const okLabel = mark === "paid" ? m.clients.bulkPaid : m.clients.bulkUnpaid;
    const unconfirmed = await requireConfirmation(c, { question, okLabel, cancelHref, variant: mark === "paid" ? "primary" : "secondary" });
    if (unconfirmed) return unconfirmed;
  }
  const result = await applyMark(c, found.partner, [found.client.id], mark);
  if (!result || (!result.ok && result.reason === "not_found")) return c.notFound();
  if (!result.ok) {
    const flash = { kind: "error" as const, text: refusalText(result) };
    if (fromClientPage) return clientPage(c, found.partner, found.client, { status: 409, flash });
    return renderPartnerPage(c, found.partner, { query: listQueryOf(body), status: 409, flash });
  }
  const target = fromClientPage ? clientPath(found.partner.id, found.client.id) : listPath(found.partner.id, listQueryOf(body));
  return redirectTo(c, target, { kind: "success", text: doneText(mark, result.changed) });
});

clientMoneyAdminRoutes.post("/:id/clients/payment-marks", async (c) => {
  const partnerId = parseId(c.req.param("id"));
  const partner = partnerId === null ? null : await getPartner(c.var.deps.db, partnerId);
  if (!partner) return c.notFound();
  const body = await readFormAll(c);
  const query = listQueryOf(body);
  const raw = strings(body.client_id);
  const refuse = (text: string, status: 409 | 422) => renderPartnerPage(c, partner, { query, status, flash: { kind: "error", text } });
  if (raw.length === 0) return refuse(m.clients.noneSelected, 422);
  if (raw.length > MAX_MARKED_AT_ONCE) return refuse(m.clients.tooMany(MAX_MARKED_AT_ONCE), 422);
  const ids = raw.map(parseId);
  if (ids.some((id) => id === null)) return c.notFound();
  const mark = strings(body.mark)[0] ?? "";
  if (mark === "paid" || mark === "unpaid") {
    const question = mark === "paid" ? m.clients.bulkPaidQuestion(ids.length) : m.clients.bulkUnpaidQuestion(ids.length);
    const okLabel = mark === "paid" ? m.clients.bulkPaid : m.clients.bulkUnpaid;
    const unconfirmed = await requireConfirmation(c, {
      question,
      okLabel,
      cancelHref: listPath(partner.id, query),
      variant: mark === "paid" ? "primary" : "secondary",
    });
    if (unconfirmed) return unconfirmed;
  }
  const result = await applyMark(c, partner, ids as number[], mark);
  if (!result || (!result.ok && result.reason === "not_found")) return c.notFound();
  if (!result.ok) return refuse(refusalText(result), 409);
  return redirectTo(c, listPath(partner.id, query), { kind: "success", text: doneText(mark, result.changed) });
});
