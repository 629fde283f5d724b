/**
 * IP address validation without node:net, so the module stays usable wherever the mapping preview
 * runs. Strict on purpose: X documents dotted-decimal IPv4 and a malformed value fails the whole
 * batch, so leading zeros ("01.2.3.4", read as octal by some parsers) and IPv6 zone ids are refused.
 */

const IPV4_PART = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((part) => IPV4_PART.test(part) && Number(part) <= 255);
}

export function isIPv6(text: string): boolean {
  if (text.length === 0 || text.includes("%")) return false;
  let groups = text;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    // A trailing dotted quad stands for the last two 16-bit groups.
    groups = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split("::");
  if (halves.length > 2) return false;
  const parse = (half: string): string[] | undefined => {
    if (half.length === 0) return [];
    const parts = half.split(":");
    return parts.every((part) => HEX_GROUP.test(part)) ? parts : undefined;
  };
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (!head || !tail) return false;
  const count = head.length + tail.length;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export function isIpAddress(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}
