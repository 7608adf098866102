/** /clients: the partner's clients — filtered list, manual add, client page with timeline, CSV export. */
import { Hono } from "hono";
import { z } from "zod";
import { ClientFormPage } from "../../../views/clients/client-form-page.js";
import { ClientPage } from "../../../views/clients/client-page.js";
import { ClientsPage } from "../../../views/clients/clients-page.js";
import { currentUser, requirePartner } from "../../auth/guards.js";
import { formatDate } from "../../i18n/format.js";
import { t } from "../../i18n/ru.js";
import { csvDocument } from "../../lib/csv.js";
import { dayOf } from "../../lib/day.js";
import type { AppContext, AppEnv } from "../../web/env.js";
import { optionalPhone, optionalText, parseId, requiredText } from "../../web/fields.js";
import { type FieldErrors, type FormValues, parseForm } from "../../web/forms.js";
import { redirectTo } from "../../web/htmx.js";
import { renderPage } from "../../web/render.js";
import { effectiveRateBp, percentToBp } from "../commissions/commissions.js";
import { getLink } from "../links/links.js";
import { activePayoutClaim, listCommissionHistory } from "./client-money.js";
import { type ClientInput, createClient, getClient, listClientEvents } from "./clients.js";
import { type ClientListRow, listClientsForExport, listLinkChoices } from "./list.js";
import { filtersOf, loadClientListPage, parseClientListQuery } from "./list-query.js";
import { getMaskContacts, presentContacts } from "./masking.js";

const optionalEmail = z
  .string()
  .optional()
  .transform((v) => v?.trim() ?? "")
  .pipe(
    z
      .string()
      .max(254, t.validation.tooLong(254))
      .refine((v) => v === "" || z.email().safeParse(v).success, t.validation.email)
      .transform((v) => (v === "" ? null : v.toLowerCase())),
  );

/** An id from the link picker; whether the link is the partner's own is checked against the DB. */
const linkIdField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null;
    const id = parseId(v.trim());
    if (id === null) ctx.addIssue({ code: "custom", message: t.clients.errors.unknownLink });
    return id;
  });

const clientInput = z
  .object({
    name: requiredText(100),
    phone: optionalPhone,
    email: optionalEmail,
    company: optionalText(200),
    comment: optionalText(2000, true),
    link_id: linkIdField,
  })
  .refine((v) => v.phone !== null || v.email !== null, {
    path: ["phone"],
    message: t.clients.errors.contactRequired,
    // Also when the name is missing, so an empty form shows every problem at once.
    when: (payload) => payload.issues.every((issue) => issue.path?.[0] !== "phone" && issue.path?.[0] !== "email"),
  });

export const clientRoutes = new Hono<AppEnv>();
clientRoutes.use("*", requirePartner);

async function formPage(c: AppContext, values: FormValues, errors: FieldErrors, status: 200 | 422 = 200) {
  const links = await listLinkChoices(c.var.deps.db, currentUser(c).id);
  return renderPage(c, t.clients.newTitle, <ClientFormPage values={values} errors={errors} links={links} />, { status });
}

clientRoutes.get("/", async (c) => {
  const { db, now, config } = c.var.deps;
  const partnerId = currentUser(c).id;
  const [list, links, masked] = await Promise.all([
    loadClientListPage(db, { partnerId }, c.req.query(), now(), config.APP_TIMEZONE),
    listLinkChoices(db, partnerId),
    getMaskContacts(db),
  ]);
  const rows = list.rows.map((r) => presentContacts(r, masked));
  return renderPage(c, t.clients.title, <ClientsPage {...list} rows={rows} filters={list.query} links={links} timeZone={config.APP_TIMEZONE} />);
});

clientRoutes.get("/new", (c) => formPage(c, {}, {}));

clientRoutes.post("/", async (c) => {
  const { db, now } = c.var.deps;
  const partnerId = currentUser(c).id;
  const form = await parseForm(c, clientInput);
  if (!form.ok) return formPage(c, form.values, form.errors, 422);
  const { link_id, ...fields } = form.data;
  const link = link_id === null ? null : await getLink(db, partnerId, link_id);
  if (link_id !== null && !link) return formPage(c, form.values, { link_id: t.clients.errors.unknownLink }, 422);
  const utm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null, ...(link && pickUtm(link)) };
  const input: ClientInput = { ...fields, source: "manual", linkId: link?.id ?? null, landingId: null, utm };
  const result = await createClient(db, partnerId, input, now());
  if (!result.ok) throw new Error(`createClient refused a manual client: ${result.reason}`);
  const flash = result.duplicateOf ? { kind: "info" as const, text: t.clients.addedDuplicate } : { kind: "success" as const, text: t.clients.added };
  return redirectTo(c, `/clients/${result.client.id}`, flash);
});

const pickUtm = (l: Pick<ClientListRow, "utmSource" | "utmMedium" | "utmCampaign" | "utmContent" | "utmTerm">) => ({
  utmSource: l.utmSource,
  utmMedium: l.utmMedium,
  utmCampaign: l.utmCampaign,
  utmContent: l.utmContent,
  utmTerm: l.utmTerm,
});

// Before /:id, which would otherwise take "export.csv" for an id.
clientRoutes.get("/export.csv", async (c) => {
  const { db, now, config } = c.var.deps;
  const tz = config.APP_TIMEZONE;
  const filters = filtersOf(parseClientListQuery(c.req.query()), now(), tz);
  const [rows, masked] = await Promise.all([listClientsForExport(db, { partnerId: currentUser(c).id }, filters), getMaskContacts(db)]);
  const csv = csvDocument([t.clients.csv.header, ...rows.map((r) => csvRow(presentContacts(r, masked), tz))]);
  return c.body(csv, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="clients-${dayOf(now(), tz)}.csv"`,
  });
});

function csvRow(r: ClientListRow, timeZone: string) {
  return [
    formatDate(r.createdAt, timeZone),
    r.name,
    r.phone,
    r.email,
    r.company,
    r.comment,
    t.clients.sources[r.source],
    r.linkTitle,
    t.clients.delivery[r.deliveryState],
    t.clients.statusGroups[r.statusGroup],
    r.statusName,
    r.amountKopecks === null ? null : csvMoney(r.amountKopecks),
    csvMoney(r.commissionKopecks),
    r.currencyId ?? (r.amountKopecks === null ? null : "RUB"),
    r.isPaid ? t.yes : t.no,
    r.duplicateOfId === null ? t.no : t.yes,
  ];
}

/** Kopecks as a plain decimal («1234,56»): Excel with a Russian locale reads it as a number, unlike «1 234,56 ₽». */
function csvMoney(kopecks: number): string {
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

clientRoutes.get("/:id", async (c) => {
  const { db, config } = c.var.deps;
  const partnerId = currentUser(c).id;
  const id = parseId(c.req.param("id"));
  const client = id === null ? null : await getClient(db, partnerId, id);
  if (!client) return c.notFound();
  const [masked, events, link, history, claim, currentRateBp] = await Promise.all([
    getMaskContacts(db),
    listClientEvents(db, client.id),
    client.linkId === null ? null : getLink(db, partnerId, client.linkId),
    listCommissionHistory(db, partnerId, client.id),
    activePayoutClaim(db, partnerId, client.id),
    client.commissionRateBp === null ? effectiveRateBp(db, partnerId, percentToBp(config.DEFAULT_REWARD_PERCENTAGE)) : client.commissionRateBp,
  ]);
  const money = { ...client, rateBp: currentRateBp, rateFixed: client.commissionRateBp !== null, claim };
  const utm = Object.entries(pickUtm(client)).flatMap(([key, value]) =>
    value ? [[key.replace(/^utm/, "utm_").toLowerCase(), value] as [string, string]] : [],
  );
  const details = { ...presentContacts(client, masked), linkTitle: link?.title ?? null, utm };
  return renderPage(
    c,
    client.name,
    <ClientPage client={details} masked={masked} events={events} money={money} history={history} timeZone={config.APP_TIMEZONE} />,
  );
});
