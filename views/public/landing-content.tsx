import { t } from "../../src/i18n/ru.js";
import { prefersLightText } from "../../src/lib/color.js";
import { LeadForm, type LeadFormProps, ThankYou } from "./lead-form.js";

/**
 * What a landing shows. The partner's private title is deliberately not part of it: nothing here
 * can leak it into public HTML (alt texts, labels).
 */
export type LandingView = {
  headerText: string;
  description: string;
  buttonText: string;
  themeColor: string;
  images: { url: string; width: number; height: number }[];
};

const LEAD_MAX = 320;

/**
 * The description's opening (shown above the form on a phone) and the rest (below it), so a long
 * text never pushes the form more than a scroll down. Split at a line break, else after a sentence.
 */
export function splitDescription(text: string): { lead: string; rest: string } {
  const trimmed = text.trim();
  if (trimmed.length <= LEAD_MAX) return { lead: trimmed, rest: "" };
  const br = trimmed.indexOf("\n");
  if (br > 0 && br <= LEAD_MAX) return { lead: trimmed.slice(0, br).trim(), rest: trimmed.slice(br + 1).trim() };
  const head = trimmed.slice(0, LEAD_MAX);
  const end = Math.max(head.lastIndexOf(". "), head.lastIndexOf("! "), head.lastIndexOf("? "));
  if (end > 0) return { lead: trimmed.slice(0, end + 1), rest: trimmed.slice(end + 2).trim() };
  return { lead: "", rest: trimmed };
}

/**
 * The landing itself: the offer (heading on a band in the theme colour, a slider that works without
 * JavaScript, the description) and the lead form in a card. One column on a phone (offer, form, the
 * rest of a long description); two from 880 px of its own width, the form on the right and sticky.
 * A container query, not a media query: the editor's narrow preview stays one column on a desktop.
 * The colour is an SVG fill, which no Content-Security-Policy treats as inline style.
 * `form` null: the thank-you in the form's place (after a plain, no-JS submit).
 */
export function LandingContent({ landing, form, preview }: { landing: LandingView; form: LeadFormProps | null; preview?: boolean }) {
  const light = prefersLightText(landing.themeColor);
  const { lead, rest } = splitDescription(landing.description);
  return (
    <div class="lp-landing">
      <div class={landing.images.length > 0 ? "lp-layout lp-with-images" : "lp-layout"}>
        <div class="lp-offer">
          <header class={light ? "lp-band lp-band-dark" : "lp-band lp-band-light"}>
            <svg class="lp-band-bg" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect width="1" height="1" fill={landing.themeColor} />
            </svg>
            {preview ? <p class="lp-heading">{landing.headerText}</p> : <h1 class="lp-heading">{landing.headerText}</h1>}
          </header>
          {landing.images.length > 0 && <Slider heading={landing.headerText} images={landing.images} idPrefix={preview ? "pv" : "slide"} />}
          {lead && <p class="lp-description">{lead}</p>}
        </div>
        <div class="lp-aside">{form ? <LeadForm {...form} heading={form.heading ?? "h2"} /> : <ThankYou />}</div>
        {rest && (
          <div class="lp-details">
            <p class="lp-description">{rest}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function Slider({ heading, images, idPrefix }: { heading: string; images: LandingView["images"]; idPrefix: string }) {
  const many = images.length > 1;
  return (
    <section class="lp-slider" aria-roledescription="carousel" aria-label={t.publicForm.photos}>
      <div class="lp-slides">
        {images.map((img, i) => (
          <figure class="lp-slide" id={`${idPrefix}-${i + 1}`}>
            <img
              src={img.url}
              width={String(img.width)}
              height={String(img.height)}
              alt={t.publicForm.imageAlt(heading, i + 1)}
              loading={i === 0 ? "eager" : "lazy"}
              decoding="async"
            />
            {many && (
              <>
                <a class="lp-arrow lp-prev" href={`#${idPrefix}-${i === 0 ? images.length : i}`} aria-label={t.publicForm.slider.prev}>
                  ‹
                </a>
                <a class="lp-arrow lp-next" href={`#${idPrefix}-${i + 2 > images.length ? 1 : i + 2}`} aria-label={t.publicForm.slider.next}>
                  ›
                </a>
              </>
            )}
          </figure>
        ))}
      </div>
      {many && (
        <nav class="lp-dots" aria-label={t.publicForm.photos}>
          {images.map((_, i) => (
            <a href={`#${idPrefix}-${i + 1}`}>
              <span class="visually-hidden">{t.publicForm.slider.goTo(i + 1)}</span>
            </a>
          ))}
        </nav>
      )}
    </section>
  );
}
