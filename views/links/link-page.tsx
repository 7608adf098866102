import { formatCount, formatDate, formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { displayUrl } from "../../src/lib/target-url.js";
import { DailyChart } from "../components/chart.js";
import { ConfirmForm } from "../components/confirm.js";
import { CopyField, ShareBlock } from "../components/copy-field.js";
import { embedSnippet } from "../public/embed-snippet.js";

export type LinkPageProps = {
  link: {
    id: number;
    title: string;
    code: string;
    linkType: "direct" | "landing" | "iframe";
    isActive: boolean;
    /** Where a visitor goes today (direct: the target with UTMs, or a sentence when refused). */
    redirectsTo: string | null;
    /** The landing's title for landing links (null: none or gone). */
    landingTitle: string | null;
    utm: { name: string; value: string }[];
    createdAt: number;
  };
  origin: string;
  timeZone: string;
  totals: { clicks: number; uniqueVisitors: number; bots: number };
  last30: { clicks: number; uniqueVisitors: number };
  leads: { leads: number; won: number; commissionKopecks: number };
  series: { days: string[]; clicks: number[]; uniqueVisitors: number[] };
};

/** Phone order: share first (what the partner came for), where it leads, the figures, the chart, settings. */
export function LinkPage(p: LinkPageProps) {
  const { link, origin } = p;
  const shortUrl = `${origin}/r/${link.code}`;
  return (
    <>
      <div class="page-head link-head">
        <h1>{link.title}</h1>
        <span class={link.isActive ? "pill pill-ok" : "pill pill-off"}>{link.isActive ? t.links.active : t.links.inactive}</span>
      </div>
      <section class="card link-share" aria-labelledby="share-heading">
        <h2 id="share-heading">{t.links.shareHeading}</h2>
        <p class="hint">{t.links.shareHint}</p>
        <ShareBlock url={shortUrl} title={link.title} qrBase={`/links/${link.id}/qr`} qrAlt={t.links.qrAlt(link.title)} />
        <Target {...p} />
      </section>
      {link.linkType === "iframe" && (
        <section class="card" aria-labelledby="embed-heading">
          <h2 id="embed-heading">{t.links.iframeCode}</h2>
          <p class="hint">{t.links.iframeHint}</p>
          <CopyField id="iframe-code" label={t.links.iframeCode} value={iframeSnippet(origin, link.code)} multiline labelHidden />
        </section>
      )}
      <Figures {...p} />
      <section class="card">
        <h2>{t.links.chartTitle}</h2>
        <DailyChart
          xLabel={t.links.day}
          id="link-chart"
          label={t.links.chartLabel(p.last30.clicks)}
          days={p.series.days}
          series={[
            { name: t.links.clicks, values: p.series.clicks },
            { name: t.links.unique, values: p.series.uniqueVisitors },
          ]}
        />
      </section>
      <Settings {...p} />
    </>
  );
}

function Target({ link, origin }: LinkPageProps) {
  if (link.linkType === "direct") {
    const shown = link.redirectsTo?.startsWith("http") ? displayUrl(link.redirectsTo) : link.redirectsTo;
    return (
      <p class="link-dest">
        <span class="link-dest-label">{t.links.target}</span> <span class="url">{shown}</span>
      </p>
    );
  }
  const landingUrl = `${origin}/${link.linkType === "landing" ? "l" : "embed"}/${link.code}`;
  return (
    <p class="link-dest">
      <span class="link-dest-label">{t.links.target}</span>{" "}
      {link.linkType === "landing" ? (link.landingTitle ? t.links.targetLanding(link.landingTitle) : t.links.targetLandingMissing) : t.links.targetIframe}
      {link.isActive && (
        <>
          {" · "}
          <a href={landingUrl} target="_blank" rel="noopener">
            {t.links.openAsVisitor}
          </a>
        </>
      )}
    </p>
  );
}

function Figures({ totals, last30, leads }: LinkPageProps) {
  return (
    <section class="link-figures" aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t.links.figuresHeading}</h2>
      <div class="stats link-stats">
        <div class="stat card">
          <span class="stat-value">{formatCount(totals.clicks)}</span>
          <span class="stat-label">{t.links.clicks}</span>
          <span class="hint">{t.links.last30Clicks(formatCount(last30.clicks))}</span>
          <span class="hint">{t.links.uniqueVisitors(formatCount(totals.uniqueVisitors))}</span>
        </div>
        <div class="stat card">
          <span class="stat-value">{formatCount(leads.leads)}</span>
          <span class="stat-label">{t.links.columns.leads}</span>
        </div>
        <div class="stat card">
          <span class="stat-value">{formatCount(leads.won)}</span>
          <span class="stat-label">{t.links.columns.won}</span>
        </div>
        <div class="stat card">
          <span class="stat-value money">{formatMoney(leads.commissionKopecks)}</span>
          <span class="stat-label">{t.links.columns.commission}</span>
        </div>
      </div>
      {totals.bots > 0 && <p class="hint link-bots">{t.links.botsNote(formatCount(totals.bots))}</p>}
    </section>
  );
}

function Settings({ link, timeZone }: LinkPageProps) {
  return (
    <section class="card link-settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t.links.settingsHeading}</h2>
      <dl class="facts">
        <dt>{t.links.fields.type}</dt>
        <dd>{t.links.fields.types[link.linkType]}</dd>
        <dt>{t.links.utmSet}</dt>
        <dd>
          {link.utm.length === 0
            ? t.links.utmNone
            : link.utm.map((u) => (
                <span class="utm-pair">
                  <code>{u.name}</code> {u.value}
                </span>
              ))}
        </dd>
        <dt>{t.links.createdAt}</dt>
        <dd>{formatDate(link.createdAt, timeZone)}</dd>
      </dl>
      <div class="actions">
        <a class="button button-secondary" href={`/links/${link.id}/edit`}>
          {t.links.edit}
        </a>
        {link.isActive ? (
          <ConfirmForm action={`/links/${link.id}/deactivation`} label={t.links.deactivate} question={t.links.deactivateQuestion(link.title)} />
        ) : (
          <form method="post" action={`/links/${link.id}/activation`} class="inline-form">
            <button type="submit" class="button">
              {t.links.activate}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}

/** The snippet a partner pastes into their site; the embed page is the only one that may be framed. */
export const iframeSnippet = embedSnippet;
