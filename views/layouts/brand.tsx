import { t } from "../../src/i18n/ru.js";
import { PartnershipIcon } from "../components/icons.js";
import type { BrandView } from "./chrome.js";

/**
 * The company's logo and/or name, linking home. With a logo the image carries the name (alt); without
 * one a letter mark in the brand colour stands in; with nothing set, the cabinet's own name.
 */
export function Brand({ brand, href }: { brand: BrandView; href: string }) {
  const name = brand.companyName ?? t.appName;
  // Under a company's name (or logo) a small line says what this site is.
  const sub = brand.companyName || brand.logo ? t.appName : null;
  return (
    <a class="brand" href={href}>
      {brand.logo ? (
        <img class="brand-logo" src={brand.logo.src} width={brand.logo.width} height={brand.logo.height} alt={name} />
      ) : (
        <span class="brand-mark" aria-hidden="true">
          {brand.companyName ? initialOf(brand.companyName) : <PartnershipIcon />}
        </span>
      )}
      <span class="brand-text">
        {!brand.logo && <span class="brand-name">{name}</span>}
        {sub && <span class="brand-sub">{sub}</span>}
      </span>
    </a>
  );
}

/** The support contact as a link when it is an e-mail, a phone number or a web address; plain text otherwise. */
export function SupportContact({ contact }: { contact: string }) {
  const href = contactHref(contact);
  return (
    <>
      {`${t.shell.support}: `}
      {href ? (
        <a class="break-anywhere" href={href}>
          {contact}
        </a>
      ) : (
        <span class="break-anywhere">{contact}</span>
      )}
    </>
  );
}

export function contactHref(contact: string): string | null {
  const s = contact.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return `mailto:${s}`;
  if (/^https:\/\/\S+$/i.test(s)) return s;
  if (/^\+?[\d\s()-]{7,20}$/.test(s)) return `tel:${s.replace(/[^\d+]/g, "")}`;
  if (/^@[A-Za-z0-9_]{5,32}$/.test(s)) return `https://t.me/${s.slice(1)}`;
  return null;
}

/** Up to two capital letters for an avatar or a letter mark (the first letters of the first words). */
export function initialsOf(name: string, max = 2): string {
  const letters = name
    .split(/[\s«»"'-]+/)
    .map((w) => w.match(/\p{L}|\p{N}/u)?.[0] ?? "")
    .filter(Boolean);
  return letters.slice(0, max).join("").toUpperCase();
}

function initialOf(name: string): string {
  // A company name often starts with its legal form (t.shell.legalForms): take the letter of the name itself.
  const words = name.trim().split(/\s+/);
  const bare = words.length > 1 && t.shell.legalForms.includes(words[0] ?? "") ? words.slice(1).join(" ") : name;
  return initialsOf(bare, 1) || "•";
}
