import type { Metadata } from "next";
import localFont from "next/font/local";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/shell/providers";
import "./globals.css";

// Served from the npm package: there is no font download at build time.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Sluice", template: "%s · Sluice" },
  description: "Send conversion events from your own data to the X Ads Conversions API.",
};

// Reading the request's nonce (set by proxy.ts) renders every page per request, which a nonce
// needs anyway: a page built ahead of time could not carry one. Next puts it on its own scripts;
// next-themes' inline script (no flash of the wrong theme) gets it here.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <body className="min-h-screen font-sans antialiased">
        {/* Every form is sent by script (SubmitButton), so say why nothing can be sent without. */}
        <noscript>
          <p role="alert" className="bg-warning-soft px-4 py-2 text-center text-sm font-medium text-foreground">
            Sluice needs JavaScript: turn it on for this site to sign in and make changes.
          </p>
        </noscript>
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
