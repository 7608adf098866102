import { formatCount } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";
import { StatusPill } from "./landing-status.js";

export type LandingCard = {
  id: number;
  title: string;
  headerText: string;
  themeColor: string;
  isActive: boolean;
  imageCount: number;
  firstImage: string | null;
  visits: number;
  leads: number;
  address: { linkId: number; code: string } | null;
};

/** The partner's landings as cards: cover, public heading, address to open, visits and requests. */
export function LandingsPage({ rows, origin }: { rows: LandingCard[]; origin: string }) {
  return (
    <>
      <div class="page-head">
        <h1>{t.landings.title}</h1>
        {rows.length > 0 && (
          <a class="button" href="/landings/new">
            {t.landings.newLanding}
          </a>
        )}
      </div>
      {rows.length === 0 ? (
        <section class="card empty-state">
          <p>{t.landings.empty}</p>
          <a class="button" href="/landings/new">
            {t.landings.newLanding}
          </a>
        </section>
      ) : (
        <ul class="landing-grid">
          {rows.map((l) => (
            <LandingCardView landing={l} origin={origin} />
          ))}
        </ul>
      )}
    </>
  );
}

function LandingCardView({ landing: l, origin }: { landing: LandingCard; origin: string }) {
  const url = l.address ? `${origin}/l/${l.address.code}` : null;
  const shortUrl = url?.replace(/^https?:\/\//, "");
  return (
    <li class={l.isActive ? "card landing-card" : "card landing-card is-off"}>
      {l.firstImage ? (
        <img src={`/media/landings/${l.firstImage}`} alt="" width="320" height="180" loading="lazy" class="landing-thumb" />
      ) : (
        <svg class="landing-thumb" viewBox="0 0 16 9" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect width="16" height="9" fill={l.themeColor} />
        </svg>
      )}
      <div class="landing-card-body">
        <p class="landing-card-kicker">
          <StatusPill active={l.isActive} />
          <span class="muted">{t.landings.privateTitle(l.title)}</span>
        </p>
        <h2>
          <a href={`/landings/${l.id}/edit`}>{l.headerText}</a>
        </h2>
        {url ? (
          <p class="landing-address">
            <span class="visually-hidden">{t.landings.address}: </span>
            <span class="landing-url">{shortUrl}</span>
          </p>
        ) : (
          <form method="post" action={`/landings/${l.id}/address`} class="landing-address">
            <p class="hint">{t.landings.noAddress}</p>
            <button type="submit" class="button button-small">
              {t.landings.createAddress}
            </button>
          </form>
        )}
        <dl class="landing-figures" aria-label={t.landings.figures}>
          <div>
            <dt>{t.landings.visits}</dt>
            <dd>{formatCount(l.visits)}</dd>
          </div>
          <div>
            <dt>{t.landings.leads}</dt>
            <dd>{formatCount(l.leads)}</dd>
          </div>
          <div>
            <dt>{t.landings.imagesHeading}</dt>
            <dd>{formatCount(l.imageCount)}</dd>
          </div>
        </dl>
        <div class="actions">
          <a class="button button-secondary button-small" href={`/landings/${l.id}/edit`}>
            {t.landings.edit}
            <span class="visually-hidden">: {l.headerText}</span>
          </a>
          {url && (
            <a class="button-link" href={url} target="_blank" rel="noopener">
              {t.landings.openAsVisitor}
              <span class="visually-hidden"> {t.landings.opensInNewTab}</span>
            </a>
          )}
        </div>
      </div>
    </li>
  );
}
