import { isIP } from "node:net";

/**
 * Which IP addresses an alert webhook may not reach: anything that is not a public unicast
 * address. IPv4 by a list of special-purpose blocks (RFC 6890 and successors); IPv6 by what is
 * allowed rather than what is not: only global unicast (2000::/3) outside its special blocks, since
 * everything else there is loopback, unspecified, local, multicast or not assigned. IPv6 forms that
 * carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::)
 * are judged by that IPv4 address, however they are written (the URL parser turns
 * [::ffff:127.0.0.1] into [::ffff:7f00:1]).
 */

type Block = readonly [bytes: readonly number[], prefixBits: number];

const V4_SPECIAL: readonly Block[] = [
  [[0, 0, 0, 0], 8], // "this network"; 0.0.0.0 reaches this machine
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24], // 6to4 relay anycast (deprecated)
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24], // documentation
  [[203, 0, 113, 0], 24], // documentation
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, and 255.255.255.255
];

const V6_GLOBAL_UNICAST: Block = [[0x20], 3];
const V6_SPECIAL_IN_GLOBAL: readonly Block[] = [
  [[0x20, 0x01, 0x00], 23], // IETF protocol assignments: Teredo 2001::/32 (relays to any IPv4), benchmarking, ORCHID
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x3f, 0xff, 0x00], 20], // documentation (RFC 9637)
];
const V6_MAPPED: Block = [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96];
const V6_NAT64: Block = [[0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96];
const V6_6TO4: Block = [[0x20, 0x02], 16];

function inBlock(bytes: readonly number[], [prefix, bits]: Block): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const width = Math.min(8, bits - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function isSpecialV4(bytes: readonly number[]): boolean {
  return V4_SPECIAL.some((block) => inBlock(bytes, block));
}

function v4Bytes(text: string): number[] {
  return text.split(".").map(Number);
}

/** 16 bytes of a valid IPv6 address (isIP said 6), zone id removed. */
function v6Bytes(text: string): number[] {
  let groups = text.replace(/%.*$/, "");
  const tail: number[] = [];
  const lastColon = groups.lastIndexOf(":");
  if (groups.slice(lastColon + 1).includes(".")) {
    tail.push(...v4Bytes(groups.slice(lastColon + 1)));
    groups = `${groups.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = groups.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(rest);
  const words =
    rest === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function isSpecialV6(bytes: readonly number[]): boolean {
  if (inBlock(bytes, V6_MAPPED) || inBlock(bytes, V6_NAT64)) return isSpecialV4(bytes.slice(12));
  if (inBlock(bytes, V6_6TO4)) return isSpecialV4(bytes.slice(2, 6));
  if (!inBlock(bytes, V6_GLOBAL_UNICAST)) return true;
  return V6_SPECIAL_IN_GLOBAL.some((block) => inBlock(bytes, block));
}

/** True for an IP address (either family, brackets allowed) that is not public unicast: loopback,
 * private, link-local (cloud metadata), site-local, unique-local, carrier-grade NAT, multicast,
 * documentation, reserved, or an IPv6 form of any of those IPv4 addresses. False for a public
 * address and for anything that is not an IP address (a host name). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 4) return isSpecialV4(v4Bytes(bare));
  if (family === 6) return isSpecialV6(v6Bytes(bare));
  return false;
}
