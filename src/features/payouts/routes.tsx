/** /payouts: the partner's balance, the payout request form, their requests and one request in full. */
import { Hono } from "hono";
import { PayoutsPage } from "../../../views/payouts/payouts-page.js";
import { PayoutTotal } from "../../../views/payouts/request-form.js";
import { RequestPage } from "../../../views/payouts/request-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { formatMoney } from "../../i18n/format.js";
import { t } from "../../i18n/ru.js";
import { generateToken } from "../../lib/random.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { parseId } from "../../web/fields.js";
import { type FieldErrors, type FormValues, readFormAll, validateForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { listPayoutMethods } from "../requisites/requisites.js";
import { balanceOf, eligibleClients, heldClients, MAX_CLIENTS_PER_REQUEST, selectedTotal } from "./balance.js";
import { clientIdsInput, pageQuery, requestInput } from "./inputs.js";
import { getPayoutSettings } from "./payout-settings.js";
import { type CreateRefusal, createPayoutRequest, getPartnerRequest, listPartnerRequests, PARTNER_REQUESTS_PAGE_SIZE } from "./requests.js";
import { parseSnapshot } from "./snapshot.js";

const HELD_SHOWN = 20;

type FormState = { values: FormValues; checked: number[]; errors: FieldErrors };

export const payoutRoutes = new Hono<AppEnv>();
payoutRoutes.use("*", requirePartner);

async function payoutsPage(c: AppContext, form: FormState | null, status: 200 | 409 | 422 = 200) {
  const { db, now, config } = c.var.deps;
  const partnerId = currentUser(c).id;
  const { page } = pageQuery.parse(c.req.query());
  const { holdDays, minKopecks } = await getPayoutSettings(db);
  const at = now();
  const [balance, eligible, held, methods, list] = await Promise.all([
    balanceOf(db, partnerId, at, holdDays),
    eligibleClients(db, partnerId, at, holdDays),
    heldClients(db, partnerId, at, holdDays, HELD_SHOWN),
    listPayoutMethods(db, partnerId),
    listPartnerRequests(db, partnerId, page),
  ]);
  // "Select all" without JavaScript: /payouts?all=1 opens the form with every client ticked.
  const checked = form?.checked ?? (c.req.query("all") === "1" ? eligible.map((client) => client.id) : []);
  const totalKopecks = await selectedTotal(db, partnerId, checked, at, holdDays);
  const values = form?.values ?? { request_key: generateToken() };
  const pages = Math.max(1, Math.ceil(list.total / PARTNER_REQUESTS_PAGE_SIZE));
  return renderPage(
    c,
    t.payouts.title,
    <PayoutsPage
      balance={balance}
      holdDays={holdDays}
      held={held}
      form={{
        clients: eligible,
        limited: eligible.length >= MAX_CLIENTS_PER_REQUEST,
        methods,
        minKopecks,
        values,
        checked,
        errors: form?.errors ?? {},
        totalKopecks,
      }}
      requests={list.rows}
      page={page}
      pages={pages}
      timeZone={config.APP_TIMEZONE}
    />,
    { status },
  );
}

/** The form's fields, with the checked clients as the repeated `client_id` values. */
async function readRequestForm(c: AppContext) {
  const body = await readFormAll(c);
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") values[key] = value;
  const rawIds = [body.client_id ?? []].flat();
  return { values, rawIds };
}

const checkedOf = (rawIds: string[]) => rawIds.map((v) => parseId(v.trim())).filter((id): id is number => id !== null);

payoutRoutes.get("/", (c) => payoutsPage(c, null));

payoutRoutes.post("/", async (c) => {
  const { db, now } = c.var.deps;
  const { values, rawIds } = await readRequestForm(c);
  const form = validateForm(values, requestInput);
  const ids = clientIdsInput.safeParse(rawIds);
  const state = (errors: FieldErrors): FormState => ({ values, checked: checkedOf(rawIds).slice(0, MAX_CLIENTS_PER_REQUEST), errors });
  if (!form.ok || !ids.success) {
    const idsError = ids.success ? undefined : ids.error.issues[0]?.message;
    return payoutsPage(c, state({ ...(form.ok ? {} : form.errors), ...(idsError ? { client_id: idsError } : {}) }), 422);
  }
  const input = { clientIds: ids.data, methodId: form.data.method_id, comment: form.data.comment, requestKey: form.data.request_key };
  const result = await createPayoutRequest(db, currentUser(c).id, input, now());
  if (!result.ok) {
    const conflict = result.reason === "already_requested" || result.reason === "clients_changed";
    return payoutsPage(c, state(refusalErrors(result)), conflict ? 409 : 422);
  }
  const text = result.repeated ? t.payouts.repeated : t.payouts.created(formatMoney(result.request.totalKopecks));
  return redirectTo(c, `/payouts/${result.request.id}`, { kind: result.repeated ? "info" : "success", text });
});

/** A refusal next to the field it concerns. */
function refusalErrors(r: { reason: CreateRefusal; totalKopecks?: number; minKopecks?: number }): FieldErrors {
  const e = t.payouts.errors;
  switch (r.reason) {
    case "method_missing":
      return { method_id: e.method_missing };
    case "below_minimum":
      return { _form: e.below_minimum(formatMoney(r.totalKopecks ?? 0), formatMoney(r.minKopecks ?? 0)) };
    default:
      return { client_id: e[r.reason] };
  }
}

/** The running total while the partner ticks clients (htmx); stores nothing. */
payoutRoutes.post("/total", async (c) => {
  const { db, now } = c.var.deps;
  const { rawIds } = await readRequestForm(c);
  const { holdDays } = await getPayoutSettings(db);
  const total = await selectedTotal(db, currentUser(c).id, checkedOf(rawIds), now(), holdDays);
  return c.html(<PayoutTotal totalKopecks={total} />);
});

payoutRoutes.get("/:id", async (c) => {
  const { db, config } = c.var.deps;
  const id = parseId(c.req.param("id"));
  const found = id === null ? null : await getPartnerRequest(db, currentUser(c).id, id);
  if (!found) return c.notFound();
  return renderPage(
    c,
    t.payouts.detail.title(found.request.id),
    <RequestPage request={found.request} snapshot={parseSnapshot(found.request.methodSnapshot)} clients={found.clients} timeZone={config.APP_TIMEZONE} />,
  );
});
