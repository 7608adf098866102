/**
 * Which hosts a partner link may send visitors to (SECURITY.md T5): never our visitors' own machine
 * or network — loopback, private, link-local, CGNAT, unspecified, multicast and other special
 * addresses, `localhost` and other local-only names, single-label hosts — and, when the admin has
 * set an allowlist of target domains, only those domains and their subdomains.
 *
 * Hosts are checked as the WHATWG URL parser leaves them (`new URL(x).hostname`): lower-case,
 * IDN labels in punycode, and numeric IPv4 tricks (`0x7f000001`, `2130706433`, `0177.0.0.1`,
 * `127.1`) already turned into dotted decimal, so no spelling of an address slips past.
 */
import { BlockList, isIP } from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";

export type HostProblem = "invalid" | "private" | "lookalike" | "not_allowed";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
// IPv4-mapped addresses (`[::ffff:127.0.0.1]`, serialised `[::ffff:7f00:1]`) are checked against the IPv4 rules by BlockList itself.
for (const [net, prefix] of [
  ["::", 96], // unspecified, loopback, IPv4-compatible
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48],
  ["100::", 64], // discard
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** Names that only ever mean a machine on the visitor's own network. */
const LOCAL_SUFFIXES = ["localhost", "local", "localdomain", "internal", "intranet", "lan", "arpa"];

const LATIN = /[a-z]/i;
const NON_LATIN_LETTER = /[^\p{Script=Latin}\p{N}\p{P}\p{S}]/u;
const ASCII_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** An IP literal from a URL hostname (`[::1]` → `::1`), or null for a domain name. */
function ipOf(hostname: string): { address: string; family: "ipv4" | "ipv6" } | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  const family = isIP(bare);
  return family === 4 ? { address: bare, family: "ipv4" } : family === 6 ? { address: bare, family: "ipv6" } : null;
}

/** True when `hostname` is `domain` itself or one of its subdomains (`shop.example.ru` under `example.ru`, not `evilexample.ru`). */
export function hostUnder(hostname: string, domain: string): boolean {
  return hostname === domain || (hostname.length > domain.length && hostname.endsWith(domain) && hostname[hostname.length - domain.length - 1] === ".");
}

/**
 * Why a parsed URL's hostname may not be a link target, or null when it may.
 * `allowedDomains` are punycode domains; empty means any public host.
 */
export function hostProblem(hostname: string, allowedDomains: readonly string[] = []): HostProblem | null {
  const ip = ipOf(hostname);
  if (ip) {
    if (blocked.check(ip.address, ip.family)) return "private";
  } else {
    if (LOCAL_SUFFIXES.some((suffix) => hostUnder(hostname, suffix) || hostname === `${suffix}.`)) return "private";
    // A trailing dot, an empty label or a single label (`intranet`, `router`) is no public site.
    if (hostname.length > 253 || !hostname.includes(".") || hostname.startsWith(".") || hostname.endsWith(".") || hostname.includes("..")) return "invalid";
    const unicode = domainToUnicode(hostname);
    if (!unicode) return "invalid";
    if (unicode.split(".").some((label) => LATIN.test(label) && NON_LATIN_LETTER.test(label))) return "lookalike";
  }
  if (allowedDomains.length > 0 && !allowedDomains.some((domain) => hostUnder(hostname, domain))) return "not_allowed";
  return null;
}

export type DomainProblem = "invalid" | "private" | "lookalike";

/**
 * One line of the admin's allowlist → the domain as hosts are compared (lower-case punycode), or why
 * not. An IDN typed in Unicode (any case) becomes its punycode; `*.example.ru` and
 * `https://example.ru/page` become `example.ru`. IP addresses are not domains.
 */
export function normalizeDomain(input: string): { ok: true; domain: string } | { ok: false; problem: DomainProblem } {
  let text = input.trim().normalize("NFC");
  if (/^https?:\/\//i.test(text)) {
    try {
      text = new URL(text).hostname;
    } catch {
      return { ok: false, problem: "invalid" };
    }
  }
  text = text.replace(/^\*?\./, "");
  if (text === "" || /[\s\\/@:?#%[\]\p{Cc}\p{Cf}]/u.test(text)) return { ok: false, problem: "invalid" };
  const domain = domainToASCII(text);
  if (!domain || isIP(domain) !== 0 || !domain.split(".").every((label) => ASCII_LABEL.test(label))) return { ok: false, problem: "invalid" };
  // A numeric last label would be read as an IPv4 address by URL parsers.
  if (/^\d+$/.test(domain.slice(domain.lastIndexOf(".") + 1))) return { ok: false, problem: "invalid" };
  const problem = hostProblem(domain);
  if (problem === "not_allowed") return { ok: false, problem: "invalid" };
  return problem ? { ok: false, problem } : { ok: true, domain };
}

/** A punycode host as a person reads it; anything else unchanged. */
export function hostForDisplay(hostname: string): string {
  if (!hostname.includes("xn--")) return hostname;
  return domainToUnicode(hostname) || hostname;
}
