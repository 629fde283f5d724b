import { createHash } from "node:crypto";

/** One order as a company's own database might hold it, warts included. */
export interface DemoConversion {
  order_id: string;
  email: string | null;
  phone: string | null;
  country: string;
  twclid: string | null;
  ip_address: string | null;
  user_agent: string | null;
  value: number;
  currency: string;
  ordered_at: Date | null;
}

export interface DemoConversionOptions {
  rows: number;
  /** Same seed and endAt, same rows. */
  seed?: number;
  /** The newest possible order time (now unless given); orders spread over the `days` before it. */
  endAt?: Date;
  days?: number;
}

// Numbers in ranges set aside for fiction where a country has one (US 555-01xx, UK Ofcom drama
// ranges: only the geographic ones, since libphonenumber rightly calls the 07700 900 mobile range
// unassigned, so X could never match it), otherwise in the national format with made-up digits; addresses use reserved domains
// and documentation IP ranges, so the demo never describes a real person.
const COUNTRIES = [
  {
    code: "US",
    currency: "USD",
    phones: ["(###) 555-01##", "###-555-01##", "###.555.01##", "+1 ### 555 01##"],
    areas: ["212", "415", "312", "617", "206"],
  },
  { code: "GB", currency: "GBP", phones: ["020 7946 0###", "0161 496 0###", "+44 20 7946 0###"], areas: [] },
  { code: "DE", currency: "EUR", phones: ["030 ########", "0151 ########", "+49 30 ########"], areas: [] },
  { code: "FR", currency: "EUR", phones: ["01 ## ## ## ##", "06 ## ## ## ##"], areas: [] },
  { code: "JP", currency: "JPY", phones: ["03-####-####", "090-####-####"], areas: [] },
  { code: "BR", currency: "BRL", phones: ["(11) 9####-####", "(21) 9####-####"], areas: [] },
  { code: "AU", currency: "AUD", phones: ["(02) 9### ####", "0412 ### ###"], areas: [] },
] as const;
const FIRST = ["Jane", "John", "Maria", "Wei", "Aisha", "Lukas", "Chloé", "Hiroshi", "Ana", "Liam", "Olivia", "Noah"];
const LAST = [
  "Doe",
  "Smith",
  "Garcia",
  "Chen",
  "Khan",
  "Müller",
  "Martin",
  "Tanaka",
  "Silva",
  "Brown",
  "Wilson",
  "Lee",
];
const DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "shop.example"];
const USER_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
];
const BAD_EMAILS = ["jane.doe@", "john at example.com", "@example.com", "maria.garcia@@example.org"];
const BAD_PHONES = ["12345", "n/a", "+1 (555)", "000"];
const TWCLID_CHARACTERS = [..."abcdefghijklmnopqrstuvwxyz0123456789"];

/**
 * Realistic orders for the built-in demo source, deterministic for a seed. Rows 7, 13 and 19 of
 * every 50 are deliberately bad (no order time, an impossible phone number, a malformed email),
 * so the demo shows validation at work even with a few dozen rows.
 */
export function* demoConversions(options: DemoConversionOptions): Generator<DemoConversion> {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const digits = (pattern: string) => pattern.replace(/#/g, () => String(Math.floor(random() * 10)));
  const endAt = (options.endAt ?? new Date()).getTime();
  const spanMs = (options.days ?? 7) * 24 * 60 * 60 * 1000;

  for (let index = 1; index <= options.rows; index += 1) {
    const country = pick(COUNTRIES);
    const first = pick(FIRST);
    const last = pick(LAST);
    const address = `${ascii(first)}.${ascii(last)}${random() < 0.3 ? Math.floor(random() * 100) : ""}@${pick(DOMAINS)}`;
    const normalized = address.toLowerCase();
    const phonePattern = pick(country.phones).replace("###", country.areas.length > 0 ? pick(country.areas) : "###");
    const withDevice = random() < 0.7;
    const badKind = index % 50;

    const value =
      country.currency === "JPY" ? 500 + Math.floor(random() * 49_500) : Math.round((5 + random() * 395) * 100) / 100;
    yield {
      order_id: `ORD-${String(100_000 + index)}`,
      email:
        badKind === 19
          ? pick(BAD_EMAILS)
          : random() < 0.1
            ? sha256(normalized)
            : random() < 0.05
              ? null
              : messUp(address, random),
      phone: badKind === 13 ? pick(BAD_PHONES) : random() < 0.1 ? null : digits(phonePattern),
      country: country.code,
      twclid: random() < 0.3 ? Array.from({ length: 26 }, () => pick(TWCLID_CHARACTERS)).join("") : null,
      ip_address: withDevice
        ? random() < 0.15
          ? `2001:db8::${Math.floor(random() * 0xffff).toString(16)}`
          : ipv4(random)
        : null,
      user_agent: withDevice ? pick(USER_AGENTS) : null,
      value,
      currency: country.currency,
      ordered_at: badKind === 7 ? null : new Date(Math.floor((endAt - random() * spanMs) / 1000) * 1000),
    };
  }
}

export function generateDemoConversions(options: DemoConversionOptions): DemoConversion[] {
  return [...demoConversions(options)];
}

// Emails as people type them into checkout forms: stray spaces, shouting, mixed case.
function messUp(address: string, random: () => number): string {
  const roll = random();
  if (roll < 0.2) return `  ${address} `;
  if (roll < 0.35) return address.toUpperCase();
  if (roll < 0.5) return `${address} `;
  if (roll < 0.75) return address;
  return address.toLowerCase();
}

// Checkout forms mostly hold ASCII addresses; "Chloé" signs up as "chloe".
function ascii(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function ipv4(random: () => number): string {
  const net = ["192.0.2", "198.51.100", "203.0.113"][Math.floor(random() * 3)];
  return `${net}.${1 + Math.floor(random() * 254)}`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

// A tiny seeded PRNG: the demo must look the same on every machine and every run.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
