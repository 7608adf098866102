import { formatDateTime } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { Pagination } from "../components/pagination.js";
import { AuditChange } from "./audit-change.js";

export type AuditRow = {
  id: number;
  at: number;
  action: string;
  entity: string;
  entityId: number | null;
  partnerId: number | null;
  partnerName: string | null;
  clientName: string | null;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  actorRole: "partner" | "admin" | null;
  /** Parsed JSON as written by the audit call. */
  before: unknown;
  after: unknown;
  ip: string | null;
};

export type AuditPageProps = {
  rows: AuditRow[];
  total: number;
  page: number;
  pages: number;
  partners: Array<{ id: number; name: string; email: string }>;
  actions: string[];
  /** The row kinds to choose from; the first is the default (everything but sign-ins). */
  kinds: readonly AuditKindName[];
  filters: { partner: string; action: string; kind: AuditKindName };
  /** The filters that are set, kept by the pagination. */
  params: Record<string, string>;
  timeZone: string;
};

export type AuditKindName = keyof typeof t.audit.kinds;

const actionLabel = (action: string) => t.audit.actions[action] ?? action;

export function AuditPage(p: AuditPageProps) {
  const a = t.audit;
  const hrefFor = (page: number) => `/admin/audit?${new URLSearchParams({ ...p.params, page: String(page) })}`;
  const filtered = Object.keys(p.params).length > 0;
  return (
    <>
      <h1>{a.title}</h1>
      <p class="muted">{a.intro}</p>
      <AuditFilters {...p} />
      {p.total === 0 ? (
        <p class="card muted">{filtered ? a.emptyFiltered : a.empty}</p>
      ) : (
        <>
          <p class="muted">{a.found(p.total)}</p>
          <div class="table-wrap">
            <table class="table audit-table">
              <thead>
                <tr>
                  <th scope="col">{a.columns.when}</th>
                  <th scope="col">{a.columns.who}</th>
                  <th scope="col">{a.columns.what}</th>
                  <th scope="col">{a.columns.object}</th>
                  <th scope="col">{a.columns.change}</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr id={`audit-${r.id}`}>
                    <td data-label={a.columns.when} class="nowrap">
                      {formatDateTime(r.at, p.timeZone)}
                    </td>
                    <td data-label={a.columns.who}>
                      <div>
                        <Actor row={r} />
                        {r.ip && <span class="hint block">{a.ip(r.ip)}</span>}
                      </div>
                    </td>
                    <td data-label={a.columns.what}>{actionLabel(r.action)}</td>
                    <td data-label={a.columns.object}>
                      <AuditObject row={r} />
                    </td>
                    <td data-label={a.columns.change}>
                      <AuditChange before={r.before} after={r.after} timeZone={p.timeZone} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={p.page} pages={p.pages} hrefFor={hrefFor} />
        </>
      )}
    </>
  );
}

function AuditFilters(p: AuditPageProps) {
  const f = t.audit.filters;
  return (
    <form method="get" action="/admin/audit" class="card">
      <div class="filters audit-filters">
        <div class="field">
          <label for="f-partner">{f.partner}</label>
          <select id="f-partner" name="partner">
            <option value="">{f.allPartners}</option>
            {p.partners.map((x) => (
              <option value={String(x.id)} selected={p.filters.partner === String(x.id)}>
                {`${x.name} (${x.email})`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-action">{f.action}</label>
          <select id="f-action" name="action">
            <option value="">{f.allActions}</option>
            {p.actions.map((action) => (
              <option value={action} selected={p.filters.action === action}>
                {actionLabel(action)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">{f.kind}</label>
          <select id="f-kind" name="kind">
            {p.kinds.map((kind) => (
              <option value={kind} selected={p.filters.kind === kind}>
                {t.audit.kinds[kind]}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button">
            {f.apply}
          </button>
          <a href="/admin/audit">{f.reset}</a>
        </div>
      </div>
    </form>
  );
}

/** Who did it: an admin, the partner themself (their own requisites), or the system. */
function Actor({ row }: { row: AuditRow }) {
  if (row.actorId === null) return <span class="muted">{t.audit.system}</span>;
  if (row.actorName === null) return <span class="muted">{t.audit.deleted(row.actorId)}</span>;
  const self = row.actorRole === "partner" && row.actorId === row.partnerId;
  return (
    <div>
      {row.actorName}
      <span class="muted block">{self ? t.audit.partnerSelf : row.actorEmail}</span>
    </div>
  );
}

/** What it was done to: the partner's page, and the client's money page for client actions. */
function AuditObject({ row }: { row: AuditRow }) {
  const partnerHref = row.partnerId === null ? null : `/admin/partners/${row.partnerId}`;
  // A partner's own sign-in is about the partner: the partner link says it all.
  const entity =
    row.entity === "partner" || (row.entity === "user" && row.entityId === row.partnerId)
      ? null
      : row.clientName && row.entityId !== null
        ? t.audit.client(row.clientName, row.entityId)
        : t.audit.entity(row.entity, row.entityId);
  return (
    <div>
      {partnerHref && <a href={partnerHref}>{t.audit.partnerLink(row.partnerName ?? `№${row.partnerId}`)}</a>}
      {entity &&
        (row.entity === "client" && partnerHref && row.entityId !== null ? (
          <a class="block" href={`${partnerHref}/clients/${row.entityId}`}>
            {entity}
          </a>
        ) : (
          <span class="block">{entity}</span>
        ))}
      {!partnerHref && !entity && <span class="muted">{t.none}</span>}
    </div>
  );
}
