import { plural } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

export type LandingCard = {
  id: number;
  title: string;
  headerText: string;
  isActive: boolean;
  imageCount: number;
  firstImage: string | null;
  linkCount: number;
};

export function LandingsPage({ rows }: { rows: LandingCard[] }) {
  return (
    <>
      <div class="page-head">
        <h1>{t.landings.title}</h1>
        <a class="button" href="/landings/new">
          {t.landings.newLanding}
        </a>
      </div>
      {rows.length === 0 ? (
        <p class="card muted">{t.landings.empty}</p>
      ) : (
        <ul class="landing-grid">
          {rows.map((l) => (
            <li class={l.isActive ? "card landing-card" : "card landing-card link-inactive"}>
              {l.firstImage ? (
                <img src={`/media/landings/${l.firstImage}`} alt="" width="320" height="180" loading="lazy" class="landing-thumb" />
              ) : (
                <div class="landing-thumb landing-thumb-empty">{t.landings.noImages}</div>
              )}
              <h2>
                <a href={`/landings/${l.id}/edit`}>{l.title}</a>
              </h2>
              <p class="muted">{l.headerText}</p>
              <p class="landing-meta">
                <span class={l.isActive ? "pill pill-ok" : "pill pill-off"}>{l.isActive ? t.landings.active : t.landings.inactive}</span>
                <span class="muted">{t.landings.imagesCount(l.imageCount, plural(l.imageCount, t.plurals.image))}</span>
                <span class="muted">{t.landings.linksCount(l.linkCount)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
