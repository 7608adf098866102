import { formatDate } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { statusLabel } from "../partners/partners-page.js";
import { ClientFilters, type ClientFilterValues } from "./client-filters.js";
import { ClientsResults } from "./clients-page.js";
import type { ClientRow } from "./clients-table.js";

export type AdminPartnerPageProps = {
  partner: {
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
  linkCount: number;
  clients: { rows: ClientRow[]; total: number; page: number; pages: number };
  filters: ClientFilterValues;
  params: Record<string, string>;
  links: Array<{ id: number; title: string }>;
  timeZone: string;
};

/** An admin's view of one partner: the profile and every client, contacts in full. */
export function AdminPartnerPage(p: AdminPartnerPageProps) {
  const a = t.clients.admin;
  const partner = p.partner;
  const basePath = `/admin/partners/${partner.id}`;
  return (
    <>
      <p>
        <a href="/admin/partners">{a.backToPartners}</a>
      </p>
      <div class="page-head">
        <h1>{partner.name}</h1>
        <span class={`pill pill-${partner.approvalStatus === "approved" ? (partner.isActive ? "ok" : "off") : partner.approvalStatus}`}>
          {statusLabel(partner)}
        </span>
      </div>
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
          <dd>{partner.phone ?? t.none}</dd>
          <dt>{a.partnerCode}</dt>
          <dd>
            <code>{partner.partnerCode}</code>
          </dd>
          <dt>{a.status}</dt>
          <dd>{statusLabel(partner)}</dd>
          <dt>{a.registered}</dt>
          <dd>{formatDate(partner.createdAt, p.timeZone)}</dd>
          <dt>{a.links}</dt>
          <dd>{String(p.linkCount)}</dd>
        </dl>
      </section>
      <h2>{a.clientsHeading}</h2>
      <ClientFilters action={basePath} values={p.filters} links={p.links} />
      <ClientsResults {...p.clients} params={p.params} timeZone={p.timeZone} basePath={basePath} viewer="admin" />
    </>
  );
}
