/** The /admin/settings page as every settings route renders it: on GET, and again with the errors of a refused form. */
import { SettingsPage } from "../../../views/settings/settings-page.js";
import { t } from "../../i18n/ru.js";
import { displayUrl } from "../../lib/target-url.js";
import type { AppContext } from "../../web/env.js";
import type { FieldErrors, FormValues } from "../../web/forms.js";
import { renderPage } from "../../web/render.js";
import { getMaskContacts } from "../clients/masking.js";
import { percentToBp } from "../commissions/commissions.js";
import { listDefaultLinks } from "../links/default-links.js";
import { getBrand } from "./brand.js";
import { toBrandView } from "./brand-view.js";
import { getGlobalRate } from "./commission-rate.js";
import { DEFAULT_ACCENT } from "./inputs.js";
import { getTargetAllowlist } from "./target-allowlist.js";

export const defaultRateBp = (c: AppContext) => percentToBp(c.var.deps.config.DEFAULT_REWARD_PERCENTAGE);

export async function settingsPage(c: AppContext, values: FormValues = {}, errors: FieldErrors = {}, status: 200 | 413 | 422 = 200) {
  const { db } = c.var.deps;
  const [defaultLinks, maskContacts, globalRate, targetDomains, brand] = await Promise.all([
    listDefaultLinks(db),
    getMaskContacts(db),
    getGlobalRate(db, defaultRateBp(c)),
    getTargetAllowlist(db),
    getBrand(db),
  ]);
  const view = toBrandView(brand);
  const brandSettings = {
    companyName: brand.companyName,
    colour: brand.colour,
    supportContact: brand.supportContact,
    privacyPolicyUrl: brand.privacyPolicyUrl && displayUrl(brand.privacyPolicyUrl),
    logo: view.logo,
  };
  return renderPage(
    c,
    t.settings.title,
    <SettingsPage
      defaultLinks={defaultLinks}
      values={values}
      errors={errors}
      maskContacts={maskContacts}
      globalRate={globalRate}
      targetDomains={targetDomains}
      brand={{ brand: brandSettings, defaultColour: DEFAULT_ACCENT }}
    />,
    { status },
  );
}
