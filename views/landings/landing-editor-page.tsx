import { t } from "../../src/i18n/ru.js";
import { ConfirmForm } from "../components/confirm.js";
import { LandingContent, type LandingView } from "../public/landing-content.js";
import { type AddressView, LandingAddress } from "./landing-address.js";
import { type EditorImage, LandingImages, type UploadLimits } from "./landing-images.js";
import { type LandingFormProps, LandingSettingsForm } from "./landing-settings-form.js";
import { ActivateButton, StatusPill } from "./landing-status.js";

export type { EditorImage, UploadLimits };
export type LandingEditorProps = LandingFormProps & {
  landingId: number;
  title: string;
  isActive: boolean;
  address: AddressView;
  preview: LandingView;
  images: EditorImage[];
  uploadErrors: string[];
  limits: UploadLimits;
};

/**
 * The editor: the public address first, then the form and the images on the left and the preview
 * beside them on a wide screen (sticky, the height of the window), below the form on a phone.
 * Switching the landing off is at the end, out of the way of what the partner came for.
 */
export function LandingEditorPage(p: LandingEditorProps) {
  return (
    <>
      <div class="page-head">
        <div class="page-title">
          <h1>{t.landings.editHeading}</h1>
          <p class="muted page-sub">
            {p.title} <StatusPill active={p.isActive} />
          </p>
        </div>
      </div>
      <div class="editor">
        <LandingAddress landingId={p.landingId} heading={p.preview.headerText} address={p.address} isActive={p.isActive} />
        <section class="card editor-form" aria-labelledby="settings-title">
          <h2 id="settings-title" class="visually-hidden">
            {t.landings.editHeading}
          </h2>
          <LandingSettingsForm landingId={p.landingId} values={p.values} errors={p.errors} />
        </section>
        <LandingPreviewCard landing={p.preview} />
        <div class="editor-images">
          <LandingImages landingId={p.landingId} images={p.images} errors={p.uploadErrors} limits={p.limits} />
        </div>
        <section class="card editor-status" aria-labelledby="status-title">
          <h2 id="status-title">{p.isActive ? t.landings.statusOn : t.landings.statusOff}</h2>
          <p class="hint">{p.isActive ? t.landings.statusOnHint : t.landings.statusOffHint}</p>
          <div class="form-actions">
            {p.isActive ? (
              <ConfirmForm action={`/landings/${p.landingId}/deactivation`} label={t.landings.deactivate} question={t.landings.deactivateQuestion} />
            ) : (
              <ActivateButton landingId={p.landingId} />
            )}
          </div>
        </section>
      </div>
      <script src="/static/landing-editor.js" defer />
    </>
  );
}

/** The preview: what a visitor sees, rendered by the public view itself (its form disabled). */
export function LandingPreviewCard({ landing }: { landing: LandingView }) {
  return (
    <section class="card preview-card" aria-labelledby="preview-title">
      <div class="preview-head">
        <h2 id="preview-title">{t.landings.preview}</h2>
        <p class="hint">{t.landings.previewHint}</p>
      </div>
      <div id="landing-preview" class="preview-frame lp">
        <LandingPreview landing={landing} />
      </div>
    </section>
  );
}

export function LandingPreview({ landing }: { landing: LandingView }) {
  return <LandingContent landing={landing} preview form={{ action: "#", token: "", buttonText: landing.buttonText, values: {}, errors: {}, disabled: true }} />;
}
