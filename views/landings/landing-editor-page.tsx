import { t } from "../../src/i18n/ru.js";
import { FormError } from "../components/form-field.js";
import { LandingContent, type LandingView } from "../public/landing-content.js";
import { type LandingFormProps, LandingSettingsForm } from "./landing-settings-form.js";

export type EditorImage = { id: number; url: string; width: number; height: number };
export type LandingEditorProps = LandingFormProps & {
  landingId: number;
  isActive: boolean;
  preview: LandingView;
  images: EditorImage[];
  uploadErrors: string[];
};

export function LandingEditorPage(p: LandingEditorProps) {
  return (
    <>
      <div class="page-head">
        <h1>{t.landings.editHeading}</h1>
        <div class="actions">
          <a class="button button-secondary" href={`/links/new?link_type=landing&landing_id=${p.landingId}`}>
            {t.landings.makeLink}
          </a>
          <form method="post" action={`/landings/${p.landingId}/${p.isActive ? "deactivation" : "activation"}`}>
            <button type="submit" class={p.isActive ? "button button-danger" : "button"}>
              {p.isActive ? t.landings.deactivate : t.landings.activate}
            </button>
          </form>
        </div>
      </div>
      <div class="editor">
        <div>
          <section class="card">
            <LandingSettingsForm landingId={p.landingId} values={p.values} errors={p.errors} />
          </section>
          <ImagesManager landingId={p.landingId} images={p.images} errors={p.uploadErrors} />
        </div>
        <section class="card preview-card" aria-labelledby="preview-title">
          <h2 id="preview-title">{t.landings.preview}</h2>
          <p class="hint">{t.landings.previewHint}</p>
          <div id="landing-preview" class="preview-frame lp">
            <LandingPreview landing={p.preview} />
          </div>
        </section>
      </div>
    </>
  );
}

export function LandingPreview({ landing }: { landing: LandingView }) {
  return <LandingContent landing={landing} preview form={{ action: "#", token: "", buttonText: landing.buttonText, values: {}, errors: {}, disabled: true }} />;
}

function ImagesManager({ landingId, images, errors }: { landingId: number; images: EditorImage[]; errors: string[] }) {
  return (
    <section class="card" id="images">
      <h2>{t.landings.imagesHeading}</h2>
      <FormError message={errors.length ? errors.join(". ") : undefined} />
      <form method="post" action={`/landings/${landingId}/images`} enctype="multipart/form-data" class="form">
        <div class="field">
          <label for="f-images">{t.landings.imagesField}</label>
          <input id="f-images" type="file" name="images" multiple accept="image/jpeg,image/png,image/webp,image/gif" aria-describedby="f-images-hint" />
          <p class="hint" id="f-images-hint">
            {t.landings.imagesHint}
          </p>
        </div>
        <button type="submit" class="button button-secondary">
          {t.landings.upload}
        </button>
      </form>
      {images.length > 0 && (
        <ol class="image-list">
          {images.map((img, i) => (
            <li>
              <img
                src={img.url}
                alt={t.landings.imageAlt("", i + 1).trim()}
                width="96"
                height={String(Math.round((96 * img.height) / Math.max(1, img.width)))}
                loading="lazy"
              />
              <div class="actions">
                {i > 0 && (
                  <form method="post" action={`/landings/${landingId}/images/${img.id}/move`}>
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit" class="button button-small button-secondary">
                      {t.landings.moveUp}
                    </button>
                  </form>
                )}
                {i < images.length - 1 && (
                  <form method="post" action={`/landings/${landingId}/images/${img.id}/move`}>
                    <input type="hidden" name="direction" value="down" />
                    <button type="submit" class="button button-small button-secondary">
                      {t.landings.moveDown}
                    </button>
                  </form>
                )}
                <form method="post" action={`/landings/${landingId}/images/${img.id}/deletion`}>
                  <button type="submit" class="button button-small button-danger">
                    {t.landings.deleteImage}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
