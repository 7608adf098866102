import { isIPv4, isIPv6 } from "node:net";

/** IPv4 → its /24 (last octet zeroed); IPv6 → its /48. Anything else becomes "unknown". */
export function anonymizeIp(ip: string): string {
  const mapped = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (isIPv4(mapped)) return mapped.replace(/\.\d+$/, ".0");
  if (isIPv6(ip)) return `${expandIpv6(ip).slice(0, 3).join(":")}::`;
  return "unknown";
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? Array(8 - left.length - right.length).fill("0") : [];
  return [...left, ...fill, ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ""));
}
