import { formatCount, formatDate, plural } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { formatPhone } from "../../src/lib/phone.js";
import { Pagination } from "../components/pagination.js";
import { AdminClientsTable, type AdminMoneyRow } from "../money/admin-clients-table.js";
import { PartnerRateCard, type PartnerRateCardProps } from "../money/partner-rate-card.js";
import { PartnerRoutingCard, type PartnerRoutingCardProps } from "../money/partner-routing-card.js";
import { statusLabel } from "../partners/partners-page.js";
import { ClientFilters, type ClientFilterValues } from "./client-filters.js";

export type AdminPartner = {
  id: number;
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  partnerCode: string;
  approvalStatus: "pending" | "approved" | "rejected";
  isActive: boolean;
  createdAt: number;
};

export type AdminPartnerPageProps = {
  partner: AdminPartner;
  linkCount: number;
  rate: Omit<PartnerRateCardProps, "partnerId" | "partnerName">;
  routing: Omit<PartnerRoutingCardProps, "partnerId" | "partnerName">;
  clients: { rows: AdminMoneyRow[]; total: number; page: number; pages: number };
  filters: ClientFilterValues;
  params: Record<string, string>;
  links: Array<{ id: number; title: string }>;
  timeZone: string;
};

/** An admin's view of one partner: profile, reward rate, Bitrix24 routing and every client with its money. */
export function AdminPartnerPage(p: AdminPartnerPageProps) {
  const partner = p.partner;
  return (
    <>
      <p>
        <a href="/admin/partners">{t.clients.admin.backToPartners}</a>
      </p>
      <div class="page-head">
        <h1>{partner.name}</h1>
        <span class={`pill pill-${partner.approvalStatus === "approved" ? (partner.isActive ? "ok" : "off") : partner.approvalStatus}`}>
          {statusLabel(partner)}
        </span>
      </div>
      <div class="grid-2">
        <ProfileCard partner={partner} linkCount={p.linkCount} timeZone={p.timeZone} />
        <PartnerRateCard partnerId={partner.id} partnerName={partner.name} {...p.rate} />
      </div>
      <PartnerRoutingCard partnerId={partner.id} partnerName={partner.name} {...p.routing} />
      <PartnerClients {...p} />
    </>
  );
}

function ProfileCard({ partner, linkCount, timeZone }: { partner: AdminPartner; linkCount: number; timeZone: string }) {
  const a = t.clients.admin;
  return (
    <section class="card">
      <h2>{a.profileHeading}</h2>
      <dl class="facts compact">
        <dt>{a.name}</dt>
        <dd>{partner.name}</dd>
        <dt>{a.email}</dt>
        <dd>{partner.email}</dd>
        <dt>{a.company}</dt>
        <dd>{partner.company ?? t.none}</dd>
        <dt>{a.phone}</dt>
        <dd>{partner.phone ? formatPhone(partner.phone) : t.none}</dd>
        <dt>{a.partnerCode}</dt>
        <dd>
          <code>{partner.partnerCode}</code>
        </dd>
        <dt>{a.status}</dt>
        <dd>{statusLabel(partner)}</dd>
        <dt>{a.registered}</dt>
        <dd>{formatDate(partner.createdAt, timeZone)}</dd>
        <dt>{a.links}</dt>
        <dd>{formatCount(linkCount)}</dd>
      </dl>
      <p class="actions">
        {partner.approvalStatus === "approved" && (
          <a class="button button-secondary button-small" href={`/admin/chat/${partner.id}`}>
            {t.chatAdmin.writeToPartner}
          </a>
        )}
        <a href={`/admin/audit?partner=${partner.id}`}>{t.audit.partnerLog}</a>
      </p>
    </section>
  );
}

/** Filters, the money table with its bulk marks, and the pages. */
function PartnerClients(p: AdminPartnerPageProps) {
  const basePath = `/admin/partners/${p.partner.id}`;
  const filtered = Object.keys(p.params).length > 0;
  const query = new URLSearchParams({ ...p.params, ...(p.clients.page > 1 ? { page: String(p.clients.page) } : {}) }).toString();
  const hrefFor = (page: number) => `${basePath}?${new URLSearchParams({ ...p.params, page: String(page) })}`;
  return (
    <section aria-labelledby="clients-heading">
      <h2 id="clients-heading">{t.moneyTools.clients.heading}</h2>
      <ClientFilters action={basePath} values={p.filters} links={p.links} />
      {p.clients.total === 0 ? (
        <p class="card muted">{filtered ? t.clients.emptyFiltered : t.clients.admin.clientsEmpty}</p>
      ) : (
        <>
          <p class="muted">{t.clients.found(p.clients.total, plural(p.clients.total, t.clients.plural))}</p>
          <AdminClientsTable partnerId={p.partner.id} rows={p.clients.rows} timeZone={p.timeZone} back={query} />
          <Pagination page={p.clients.page} pages={p.clients.pages} hrefFor={hrefFor} />
        </>
      )}
    </section>
  );
}
