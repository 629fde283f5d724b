/**
 * ISO 4217 codes of circulating currencies (list one, 2025 edition). Embedded rather than taken
 * from Intl.supportedValuesOf, whose answer depends on the ICU build of each machine, so preview
 * and sync agree everywhere. Fund codes (BOV, CHE, USN, ...), precious metals (XAU, ...), XTS
 * (testing) and XXX (no currency) are left out: none of them is a price an advertiser reports.
 * Currencies withdrawn recently (ANG, SLL, ZWL, HRK) are kept while old rows may still carry them.
 */
const CODES = `
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP
GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD
KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO
NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL
SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV
WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
`;

export const ISO_4217_CODES: ReadonlySet<string> = new Set(CODES.split(/\s+/).filter((code) => code.length > 0));

export function isIso4217Code(code: string): boolean {
  return ISO_4217_CODES.has(code);
}

// ISO 4217 minor units where they are not 2 (list one, 2025 edition).
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** Digits after the decimal point in the currency's minor unit: 2 for USD (cents), 0 for JPY. */
export function minorUnitDigits(code: string): number {
  return MINOR_UNIT_DIGITS[code] ?? 2;
}
