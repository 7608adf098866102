import { t } from "../../src/i18n/ru.js";
import { CopyField } from "../components/copy-field.js";

export type MainLinkView = { id: number; title: string; shortUrl: string };

/**
 * The top of the dashboard (first thing in main on a phone): the greeting and the partner's main
 * link ready to copy, with its QR code; a partner without a link gets the one action that fixes it.
 */
export function MainLinkBlock({ name, link }: { name: string; link: MainLinkView | null }) {
  const s = t.dashboard.share;
  return (
    <section class="card dash-share" aria-labelledby="dash-greeting">
      <h1 id="dash-greeting">{t.dashboard.greeting(name)}</h1>
      {link ? (
        <div class="dash-share-body">
          <h2 class="dash-share-heading">{s.heading}</h2>
          <p class="hint">{s.intro(link.title)}</p>
          {/* TODO(links helper): switch to the shared ShareBlock (copy, share, QR) once it lands in copy-field.tsx. */}
          <CopyField id="main-link" label={t.links.shortUrl} value={link.shortUrl} />
          <a href={`/links/${link.id}/qr.png?download=1`}>
            <img src={`/links/${link.id}/qr.svg`} alt={s.qrAlt} width="112" height="112" />
          </a>
          <p class="dash-share-more">
            <a href={`/links/${link.id}`}>{s.openLink}</a>
            <a href="/links">{s.otherLinks}</a>
          </p>
        </div>
      ) : (
        <div class="dash-share-empty">
          <h2 class="dash-share-heading">{s.emptyHeading}</h2>
          <p>{s.empty}</p>
          <a class="button" href="/links/new">
            {s.create}
          </a>
        </div>
      )}
    </section>
  );
}
