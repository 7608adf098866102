import { t } from "../../src/i18n/ru.js";

export type ErrorPageProps = { heading: string; text: string; homeHref: string };

/** 404, 403, 413, 429 and 500 pages: a heading, a sentence, a way back. */
export function ErrorPage(p: ErrorPageProps) {
  return (
    <section class="auth-card error-page">
      <h1>{p.heading}</h1>
      <p>{p.text}</p>
      <p>
        <a class="button" href={p.homeHref}>
          {t.errors.notFoundHome}
        </a>
      </p>
    </section>
  );
}
