import { t } from "../../src/i18n/ru.js";
import { displayUrl } from "../../src/lib/target-url.js";
import { CopyField } from "../components/copy-field.js";

export type LinkRow = {
  id: number;
  title: string;
  code: string;
  linkType: "direct" | "landing" | "iframe";
  isActive: boolean;
  targetUrl: string | null;
  clicks: number;
  uniqueVisitors: number;
};
export type LinksPageProps = { rows: LinkRow[]; origin: string };

export function LinksPage({ rows, origin }: LinksPageProps) {
  return (
    <>
      <div class="page-head">
        <h1>{t.links.title}</h1>
        <a class="button" href="/links/new">
          {t.links.newLink}
        </a>
      </div>
      {rows.length === 0 ? (
        <p class="card muted">{t.links.empty}</p>
      ) : (
        <ul class="link-list">
          {rows.map((link) => (
            <LinkCard link={link} origin={origin} />
          ))}
        </ul>
      )}
    </>
  );
}

function LinkCard({ link, origin }: { link: LinkRow; origin: string }) {
  return (
    <li class={link.isActive ? "card link-card" : "card link-card link-inactive"} id={`link-${link.id}`}>
      <div class="link-card-head">
        <h2>
          <a href={`/links/${link.id}`}>{link.title}</a>
        </h2>
        <span class={link.isActive ? "pill pill-ok" : "pill pill-off"}>{link.isActive ? t.links.active : t.links.inactive}</span>
      </div>
      <p class="muted link-target">
        <span class="pill">{t.links.typeLabels[link.linkType]}</span> {link.targetUrl && `${t.links.target}: ${displayUrl(link.targetUrl)}`}
      </p>
      <CopyField id={`short-${link.id}`} label={t.links.shortUrl} value={`${origin}/r/${link.code}`} />
      <div class="link-card-foot">
        <span>
          {t.links.columns.clicks}: <strong>{String(link.clicks)}</strong>
        </span>
        <span>
          {t.links.columns.unique}: <strong>{String(link.uniqueVisitors)}</strong>
        </span>
        <details class="qr-popover">
          <summary>{t.links.qr}</summary>
          <div class="qr-panel">
            <img src={`/links/${link.id}/qr.svg`} alt={t.links.qrAlt(link.title)} width="200" height="200" loading="lazy" />
            <a href={`/links/${link.id}/qr.png?download=1`}>{t.links.downloadPng}</a>
            <a href={`/links/${link.id}/qr.svg?download=1`}>{t.links.downloadSvg}</a>
          </div>
        </details>
        <a href={`/links/${link.id}`}>{t.links.open}</a>
      </div>
    </li>
  );
}
