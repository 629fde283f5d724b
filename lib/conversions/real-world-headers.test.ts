import { describe, expect, it } from "vitest";
import type { ScalarFieldKey } from "./field-catalog";
import { suggestMapping } from "./suggest-mapping";

/**
 * Header spellings taken from real exports (Shopify, WooCommerce, Stripe, HubSpot, Salesforce,
 * GA4's BigQuery export, Klaviyo and hand-made sheets), each with the field a marketer expects
 * Sluice to suggest for it when it is the only column of its kind.
 */
const HEADERS: ReadonlyArray<[origin: string, header: string, field: ScalarFieldKey]> = [
  // Shopify orders / customers export
  ["Shopify", "Email", "email"],
  ["Shopify", "Phone", "phone"],
  ["Shopify", "Billing Phone", "phone"],
  ["Shopify", "Shipping Phone", "phone"],
  ["Shopify", "Total", "value"],
  ["Shopify", "Currency", "price_currency"],
  ["Shopify", "Created at", "conversion_time"],
  ["Shopify", "Paid at", "conversion_time"],
  ["Shopify", "Lineitem quantity", "number_items"],
  ["Shopify API", "total_price", "value"],
  ["Shopify API", "browser_ip", "ip_address"],
  // WooCommerce order export and its meta keys
  ["WooCommerce", "Order ID", "conversion_id"],
  ["WooCommerce", "Order Number", "conversion_id"],
  ["WooCommerce", "Order Date", "conversion_time"],
  ["WooCommerce", "Order Total Amount", "value"],
  ["WooCommerce", "Order Currency", "price_currency"],
  ["WooCommerce", "Billing Email Address", "email"],
  ["WooCommerce", "Billing Email", "email"],
  ["WooCommerce", "_billing_email", "email"],
  ["WooCommerce", "_billing_phone", "phone"],
  ["WooCommerce", "_order_total", "value"],
  ["WooCommerce", "_customer_ip_address", "ip_address"],
  ["WooCommerce", "_customer_user_agent", "user_agent"],
  ["WooCommerce", "Customer IP Address", "ip_address"],
  ["WooCommerce", "Customer User Agent", "user_agent"],
  ["WooCommerce", "Date Created", "conversion_time"],
  // Stripe payments export
  ["Stripe", "Created (UTC)", "conversion_time"],
  ["Stripe", "Created date (UTC)", "conversion_time"],
  ["Stripe", "Amount", "value"],
  ["Stripe", "Customer Email", "email"],
  ["Stripe", "Receipt Email", "email"],
  ["Stripe", "Description", "description"],
  // HubSpot contacts / deals
  ["HubSpot", "Phone Number", "phone"],
  ["HubSpot", "Mobile Phone Number", "phone"],
  ["HubSpot", "Create Date", "conversion_time"],
  ["HubSpot", "Close Date", "conversion_time"],
  // Salesforce reports and API names
  ["Salesforce", "Mobile", "phone"],
  ["Salesforce", "MobilePhone", "phone"],
  ["Salesforce", "Created Date", "conversion_time"],
  ["Salesforce", "CreatedDate", "conversion_time"],
  ["Salesforce", "CurrencyIsoCode", "price_currency"],
  // GA4 BigQuery export (nested fields flattened with dots)
  ["GA4", "event_timestamp", "conversion_time"],
  ["GA4", "ecommerce.transaction_id", "conversion_id"],
  ["GA4", "ecommerce.purchase_revenue", "value"],
  ["GA4", "ecommerce.total_item_quantity", "number_items"],
  // Klaviyo profile / event exports
  ["Klaviyo", "$email", "email"],
  ["Klaviyo", "$phone_number", "phone"],
  ["Klaviyo", "$value", "value"],
  ["Klaviyo", "Datetime", "conversion_time"],
  // Hand-made sheets and warehouse tables
  ["sheet", "E-mail Address", "email"],
  ["sheet", "EmailAddress", "email"],
  ["sheet", "Contact Email", "email"],
  ["sheet", "Email (SHA256)", "hashed_email"],
  ["sheet", "SHA256(email)", "hashed_email"],
  ["sheet", "Hashed Email", "hashed_email"],
  ["sheet", "Phone (E.164)", "phone"],
  ["sheet", "Cell Phone", "phone"],
  ["sheet", "Mobile Number", "phone"],
  ["sheet", "Click ID", "twclid"],
  ["sheet", "Twitter Click ID", "twclid"],
  ["sheet", "X Click ID", "twclid"],
  ["sheet", "Transaction ID", "conversion_id"],
  ["sheet", "Order Total", "value"],
  ["sheet", "Created at (UTC)", "conversion_time"],
  ["sheet", "Timestamp (UTC)", "conversion_time"],
  ["sheet", "Purchase Date", "conversion_time"],
  ["sheet", "Revenue", "value"],
  ["sheet", "Qty", "number_items"],
  ["sheet", "No. of Items", "number_items"],
  ["sheet", "Currency Code", "price_currency"],
  ["sheet", "IP", "ip_address"],
  ["sheet", "User-Agent", "user_agent"],
];

/** Headers that look close to a field but must not be suggested for it. */
const NOT_SUGGESTED: ReadonlyArray<[header: string, field: ScalarFieldKey]> = [
  ["gclid", "twclid"],
  ["fbclid", "twclid"],
  ["Amount Refunded", "value"],
  ["Lineitem price", "value"],
  ["Accepts Email Marketing", "email"],
  ["Email Marketing Consent", "email"],
  ["Updated at", "conversion_time"],
  ["Phone Country", "phone"],
];

const suggestedField = (header: string): string | undefined =>
  Object.entries(suggestMapping([header]).fields).find(
    ([, source]) => source?.kind === "column" && source.column === header,
  )?.[0];

describe("column suggestions for real-world exports", () => {
  it("lists at least 50 real header spellings", () => {
    expect(HEADERS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(HEADERS)("%s: %j suggests %s", (_origin, header, field) => {
    expect(suggestedField(header)).toBe(field);
  });

  it.each(NOT_SUGGESTED)("%j is not suggested as %s", (header, field) => {
    expect(suggestedField(header)).not.toBe(field);
  });

  it("prefers the plain spelling when a billing and a shipping variant sit beside it", () => {
    const spec = suggestMapping(["Shipping Phone", "Phone", "Billing Email", "Email"]);
    expect(spec.fields.phone).toEqual({ kind: "column", column: "Phone" });
    expect(spec.fields.email).toEqual({ kind: "column", column: "Email" });
  });

  it("never takes a qualified id such as Customer ID as the row key", () => {
    expect(suggestMapping(["Customer ID", "Email"]).options.rowKeyColumns).toEqual([]);
    expect(suggestMapping(["Id", "Email"]).options.rowKeyColumns).toEqual(["Id"]);
  });

  it("reads a whole Shopify orders header row", () => {
    const shopify = [
      "Name",
      "Email",
      "Financial Status",
      "Paid at",
      "Currency",
      "Subtotal",
      "Total",
      "Created at",
      "Lineitem quantity",
      "Lineitem price",
      "Billing Phone",
      "Id",
    ];
    const { fields } = suggestMapping(shopify);
    expect(fields).toEqual({
      email: { kind: "column", column: "Email" },
      phone: { kind: "column", column: "Billing Phone" },
      conversion_time: { kind: "column", column: "Paid at" },
      value: { kind: "column", column: "Total" },
      price_currency: { kind: "column", column: "Currency" },
      number_items: { kind: "column", column: "Lineitem quantity" },
    });
  });
});

describe("landing-page URL suggestions for twclid", () => {
  it.each(["Landing Site", "landing_page_url", "page_location", "Landing Page"])(
    "%j feeds twclid when no click id column exists",
    (header) => {
      expect(suggestMapping(["Email", header]).fields.twclid).toEqual({ kind: "column", column: header });
    },
  );

  it("prefers a click id column to a landing URL", () => {
    expect(suggestMapping(["Landing Site", "twclid"]).fields.twclid).toEqual({ kind: "column", column: "twclid" });
  });
});

describe("phone country column suggestions", () => {
  it.each([
    "country_code",
    "Country",
    "Country/Region",
    "Billing Country",
    "Shipping Country Code",
    "Default Address Country Code",
    "geo.country",
    "Phone Country",
  ])("%j feeds the phone's country when a phone is mapped", (header) => {
    expect(suggestMapping(["Phone", header]).options.phoneCountryColumn).toBe(header);
  });

  it("prefers a phone-specific country column and suggests none without a phone", () => {
    expect(suggestMapping(["Phone", "Country", "Phone Country"]).options.phoneCountryColumn).toBe("Phone Country");
    expect(suggestMapping(["Email", "Country"]).options.phoneCountryColumn).toBeNull();
  });
});
