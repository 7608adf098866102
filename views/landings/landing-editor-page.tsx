import { t } from "../../src/i18n/ru.js";
import { ConfirmForm } from "../components/confirm.js";
import { LandingContent, type LandingView } from "../public/landing-content.js";
import { type AddressView, LandingAddress } from "./landing-address.js";
import { type EditorImage, LandingImages, type UploadLimits } from "./landing-images.js";
import { type LandingFormProps, LandingSettingsForm } from "./landing-settings-form.js";

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
 */
export function LandingEditorPage(p: LandingEditorProps) {
  return (
    <>
      <div class="page-head">
        <div class="page-title">
          <h1>{t.landings.editHeading}</h1>
          <p class="muted page-sub">
            {p.title} <span class={p.isActive ? "pill pill-ok" : "pill pill-off"}>{p.isActive ? t.landings.active : t.landings.inactive}</span>
          </p>
        </div>
        <div class="actions">
          {p.isActive ? (
            <ConfirmForm action={`/landings/${p.landingId}/deactivation`} label={t.landings.deactivate} question={t.landings.deactivateQuestion} />
          ) : (
            <form method="post" action={`/landings/${p.landingId}/activation`}>
              <button type="submit" class="button">
                {t.landings.activate}
              </button>
            </form>
          )}
        </div>
      </div>
      <LandingAddress landingId={p.landingId} address={p.address} isActive={p.isActive} />
      <div class="editor">
        <section class="card editor-form" aria-labelledby="settings-title">
          <h2 id="settings-title" class="visually-hidden">
            {t.landings.editHeading}
          </h2>
          <LandingSettingsForm landingId={p.landingId} values={p.values} errors={p.errors} />
        </section>
        <section class="card preview-card" aria-labelledby="preview-title">
          <div class="preview-head">
            <h2 id="preview-title">{t.landings.preview}</h2>
            <p class="hint">{t.landings.previewHint}</p>
          </div>
          <div id="landing-preview" class="preview-frame lp">
            <LandingPreview landing={p.preview} />
          </div>
        </section>
        <div class="editor-images">
          <LandingImages landingId={p.landingId} images={p.images} errors={p.uploadErrors} limits={p.limits} />
        </div>
      </div>
      <script src="/static/landing-editor.js" defer />
    </>
  );
}

export function LandingPreview({ landing }: { landing: LandingView }) {
  return <LandingContent landing={landing} preview form={{ action: "#", token: "", buttonText: landing.buttonText, values: {}, errors: {}, disabled: true }} />;
}
