import { t } from "../../src/i18n/ru.js";
import { displayUrl } from "../../src/lib/target-url.js";
import { DailyChart } from "../components/chart.js";
import { CopyField } from "../components/copy-field.js";

export type LinkPageProps = {
  link: {
    id: number;
    title: string;
    code: string;
    linkType: "direct" | "landing" | "iframe";
    targetUrl: string | null;
    isActive: boolean;
    redirectsTo: string | null;
  };
  origin: string;
  totals: { clicks: number; uniqueVisitors: number; bots: number };
  last30: { clicks: number; uniqueVisitors: number };
  series: { days: string[]; clicks: number[]; uniqueVisitors: number[] };
};

export function LinkPage({ link, origin, totals, last30, series }: LinkPageProps) {
  const shortUrl = `${origin}/r/${link.code}`;
  return (
    <>
      <div class="page-head">
        <h1>{link.title}</h1>
        <span class={link.isActive ? "pill pill-ok" : "pill pill-off"}>{link.isActive ? t.links.active : t.links.inactive}</span>
      </div>
      <div class="stats">
        <Stat value={totals.clicks} label={`${t.links.clicks}, ${t.links.totals.toLowerCase()}`} />
        <Stat value={totals.uniqueVisitors} label={`${t.links.unique}, ${t.links.totals.toLowerCase()}`} />
        <Stat value={last30.clicks} label={`${t.links.clicks}, ${t.links.last30.toLowerCase()}`} />
        <Stat value={totals.bots} label={t.links.bots} hint={t.links.botsHint} />
      </div>
      <section class="card">
        <h2>{t.links.chartTitle}</h2>
        <DailyChart
          xLabel={t.links.day}
          id="link-chart"
          label={t.links.chartLabel(last30.clicks)}
          days={series.days}
          series={[
            { name: t.links.clicks, values: series.clicks },
            { name: t.links.unique, values: series.uniqueVisitors },
          ]}
        />
      </section>
      <div class="grid-2">
        <section class="card">
          <h2>{t.links.embedHeading}</h2>
          <p class="hint">{t.links.embedHint}</p>
          <CopyField id="short-url" label={t.links.shortUrl} value={shortUrl} />
          {link.linkType === "direct" && (
            <p class="muted link-target">
              {t.links.target}: {link.redirectsTo && displayUrl(link.redirectsTo)}
            </p>
          )}
          {link.linkType === "landing" && <CopyField id="landing-url" label={t.links.landingUrl} value={`${origin}/l/${link.code}`} />}
          {link.linkType === "iframe" && (
            <>
              <CopyField id="iframe-code" label={t.links.iframeCode} value={iframeSnippet(origin, link.code)} multiline />
              <p class="hint">{t.links.iframeHint}</p>
            </>
          )}
          <div class="actions">
            <a class="button button-secondary" href={`/links/${link.id}/edit`}>
              {t.links.edit}
            </a>
            <form method="post" action={`/links/${link.id}/${link.isActive ? "deactivation" : "activation"}`}>
              <button type="submit" class={link.isActive ? "button button-danger" : "button"}>
                {link.isActive ? t.links.deactivate : t.links.activate}
              </button>
            </form>
          </div>
        </section>
        <section class="card qr-card">
          <h2>{t.links.qr}</h2>
          <img src={`/links/${link.id}/qr.svg`} alt={t.links.qrAlt(link.title)} width="220" height="220" />
          <div class="actions">
            <a class="button button-secondary" href={`/links/${link.id}/qr.png?download=1`}>
              {t.links.downloadPng}
            </a>
            <a class="button button-secondary" href={`/links/${link.id}/qr.svg?download=1`}>
              {t.links.downloadSvg}
            </a>
          </div>
        </section>
      </div>
    </>
  );
}

/** The snippet a partner pastes into their site; the embed page is the only one that may be framed. */
export function iframeSnippet(origin: string, code: string): string {
  return `<iframe src="${origin}/embed/${code}" width="100%" height="640" style="border:0;max-width:560px" title="${t.links.iframeTitle}" loading="lazy"></iframe>`;
}

function Stat({ value, label, hint }: { value: number; label: string; hint?: string }) {
  return (
    <div class="stat card">
      <span class="stat-value">{String(value)}</span>
      <span class="stat-label">{label}</span>
      {hint && <span class="hint">{hint}</span>}
    </div>
  );
}
