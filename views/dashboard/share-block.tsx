import { t } from "../../src/i18n/ru.js";
import { ShareBlock } from "../components/copy-field.js";

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
          <ShareBlock id="main-link" url={link.shortUrl} title={link.title} qrBase={`/links/${link.id}/qr`} qrAlt={s.qrAlt} />
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
