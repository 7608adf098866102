import { t } from "../../src/i18n/ru.js";
import { ConfirmForm } from "../components/confirm.js";
import { FormError } from "../components/form-field.js";

export type EditorImage = { id: number; url: string; width: number; height: number };
export type UploadLimits = { perFileMb: number; perUpload: number; perLanding: number };

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif";

/**
 * Upload and manage a landing's images. The drop zone is a label around the real file input
 * (clicking or dropping onto it works without JavaScript); static/landing-editor.js adds the
 * drag-over highlight and thumbnails of the chosen files before they are sent.
 */
export function LandingImages({ landingId, images, errors, limits }: { landingId: number; images: EditorImage[]; errors: string[]; limits: UploadLimits }) {
  const left = Math.max(0, limits.perLanding - images.length);
  return (
    <section class="card" id="images" aria-labelledby="images-title">
      <h2 id="images-title">{t.landings.imagesHeading}</h2>
      <p class="hint">{t.landings.imagesLead}</p>
      <FormError message={errors.length ? errors.join(". ") : undefined} />
      {images.length > 0 && <ImageGrid landingId={landingId} images={images} />}
      {left > 0 && (
        <form method="post" action={`/landings/${landingId}/images`} enctype="multipart/form-data" class="form upload-form">
          <label class="dropzone" data-dropzone>
            <span class="dropzone-title">{t.landings.dropHere}</span>
            <span class="dropzone-sub">{t.landings.dropOr}</span>
            <span class="visually-hidden">{t.landings.imagesField}</span>
            <input
              id="f-images"
              class="dropzone-input"
              type="file"
              name="images"
              multiple
              accept={ACCEPT}
              aria-describedby="f-images-hint"
              data-max-files={String(limits.perUpload)}
              data-max-mb={String(limits.perFileMb)}
            />
          </label>
          <p class="hint" id="f-images-hint">
            {t.landings.imagesHint(limits.perFileMb, limits.perUpload, left)}
          </p>
          <div
            class="upload-previews"
            aria-live="polite"
            data-upload-previews
            data-text-chosen={t.landings.js.chosen}
            data-text-too-many={t.landings.js.tooMany}
            data-text-too-big={t.landings.js.tooBig}
            data-text-mb={t.landings.js.mb}
            data-text-kb={t.landings.js.kb}
          />
          <div class="form-actions">
            <button type="submit" class="button button-secondary">
              {t.landings.upload}
            </button>
          </div>
        </form>
      )}
      {left === 0 && <p class="hint">{t.landings.imageErrors.landingFull(limits.perLanding, 0)}</p>}
    </section>
  );
}

function ImageGrid({ landingId, images }: { landingId: number; images: EditorImage[] }) {
  return (
    <ol class="image-grid">
      {images.map((img, i) => {
        const n = i + 1;
        return (
          <li class="image-tile">
            <div class="image-frame">
              <img src={img.url} alt={t.landings.imagePosition(n, images.length)} width={String(img.width)} height={String(img.height)} loading="lazy" />
              {i === 0 && <span class="pill image-cover">{t.landings.cover}</span>}
              {i > 0 && <MoveButton landingId={landingId} imageId={img.id} direction="up" n={n} />}
              {i < images.length - 1 && <MoveButton landingId={landingId} imageId={img.id} direction="down" n={n} />}
            </div>
            <ConfirmForm
              action={`/landings/${landingId}/images/${img.id}/deletion`}
              label={t.landings.deleteImage}
              ariaLabel={t.landings.deleteImageLabel(n)}
              question={t.landings.deleteImageQuestion(n)}
              small
              class="image-delete"
            />
          </li>
        );
      })}
    </ol>
  );
}

function MoveButton({ landingId, imageId, direction, n }: { landingId: number; imageId: number; direction: "up" | "down"; n: number }) {
  const up = direction === "up";
  return (
    <form method="post" action={`/landings/${landingId}/images/${imageId}/move`} class={up ? "image-move image-move-up" : "image-move image-move-down"}>
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="image-move-button" title={up ? t.landings.moveUp : t.landings.moveDown}>
        <span aria-hidden="true">{up ? "←" : "→"}</span>
        <span class="visually-hidden">
          {up ? t.landings.moveUp : t.landings.moveDown}
          {t.landings.ofImage(n)}
        </span>
      </button>
    </form>
  );
}
