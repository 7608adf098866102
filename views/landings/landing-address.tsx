import { t } from "../../src/i18n/ru.js";
import { ShareBlock } from "../components/copy-field.js";
import { ActivateButton } from "./landing-status.js";

export type AddressView = { linkId: number; url: string } | null;

/**
 * The landing's public address first on the editor: the URL to copy and "open as a visitor".
 * A landing without a working link (older ones, or its link switched off) gets a one-click button.
 */
export function LandingAddress({ landingId, heading, address, isActive }: { landingId: number; heading: string; address: AddressView; isActive: boolean }) {
  if (!address) {
    return (
      <section class="card address-card" aria-labelledby="address-title">
        <h2 id="address-title">{t.landings.address}</h2>
        <p>{t.landings.noAddress}</p>
        <form method="post" action={`/landings/${landingId}/address`}>
          <button type="submit" class="button">
            {t.landings.createAddress}
          </button>
        </form>
      </section>
    );
  }
  return (
    <section class="card address-card" aria-labelledby="address-title">
      <h2 id="address-title">{t.landings.address}</h2>
      {isActive && <p class="hint address-hint">{t.landings.addressHint}</p>}
      <ShareBlock id="landing-address" url={address.url} title={heading} qrBase={`/links/${address.linkId}/qr`} />
      {!isActive && (
        <div class="notice-inline">
          <p>{t.landings.addressInactive}</p>
          <ActivateButton landingId={landingId} />
        </div>
      )}
      <div class="actions">
        <a class="button button-secondary" href={address.url} target="_blank" rel="noopener">
          {t.landings.openAsVisitor}
          <span class="visually-hidden"> {t.landings.opensInNewTab}</span>
        </a>
        <a class="button-link" href={`/links/${address.linkId}`}>
          {t.landings.linkStats}
        </a>
        <a class="button-link" href={`/links/new?link_type=landing&landing_id=${landingId}`}>
          {t.landings.moreLinks}
        </a>
      </div>
    </section>
  );
}
