import { t } from "../../src/i18n/ru.js";
import { prefersLightText } from "../../src/lib/color.js";
import { LeadForm, type LeadFormProps } from "./lead-form.js";

export type LandingView = {
  title: string;
  headerText: string;
  description: string;
  buttonText: string;
  themeColor: string;
  images: { url: string; width: number; height: number }[];
};

/**
 * The landing itself: a header band in the theme colour, a slider that works without JavaScript
 * (scroll snap + anchors), the description and the lead form. The colour is an SVG fill, which no
 * Content-Security-Policy treats as inline style.
 */
export function LandingContent({ landing, form, preview }: { landing: LandingView; form: LeadFormProps | null; preview?: boolean }) {
  const light = prefersLightText(landing.themeColor);
  return (
    <div class="lp-landing">
      <header class={light ? "lp-band lp-band-dark" : "lp-band lp-band-light"}>
        <svg class="lp-band-bg" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect width="1" height="1" fill={landing.themeColor} />
        </svg>
        {preview ? <p class="lp-heading">{landing.headerText}</p> : <h1 class="lp-heading">{landing.headerText}</h1>}
      </header>
      {landing.images.length > 0 && <Slider title={landing.title} images={landing.images} idPrefix={preview ? "pv" : "slide"} />}
      <div class="lp-body">
        <p class="lp-description">{landing.description}</p>
        {form && <LeadForm {...form} />}
      </div>
    </div>
  );
}

function Slider({ title, images, idPrefix }: { title: string; images: LandingView["images"]; idPrefix: string }) {
  const many = images.length > 1;
  return (
    <section class="lp-slider" aria-roledescription="carousel" aria-label={title}>
      <div class="lp-slides">
        {images.map((img, i) => (
          <figure class="lp-slide" id={`${idPrefix}-${i + 1}`}>
            <img
              src={img.url}
              width={String(img.width)}
              height={String(img.height)}
              alt={t.landings.imageAlt(title, i + 1)}
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
        <nav class="lp-dots" aria-label={title}>
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
