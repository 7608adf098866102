/** The brand as pages show it: the logo and the brand stylesheet as versioned URLs (cached a year). */
import type { BrandView } from "../../../views/layouts/chrome.js";
import type { Brand } from "./brand.js";

export const BRAND_LOGO_PATH = "/brand/logo";
export const BRAND_STYLE_PATH = "/brand.css";

export function toBrandView(brand: Brand): BrandView {
  return {
    companyName: brand.companyName,
    logo: brand.logo ? { src: `${BRAND_LOGO_PATH}?v=${brand.logo.version}`, width: brand.logo.width, height: brand.logo.height } : null,
    supportContact: brand.supportContact,
    privacyPolicyUrl: brand.privacyPolicyUrl,
    styleHref: brand.colour ? `${BRAND_STYLE_PATH}?v=${brand.colour.slice(1)}` : null,
  };
}
