import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, createNonce } from "./lib/http/content-security-policy";

// Not an auth gate (every page and action checks the session itself). For every page request it
// tells server components which path was asked for (so a signed-out visitor is sent back there
// after sign-in), and sets the page's Content-Security-Policy with a fresh nonce: on the request,
// where Next reads it to put the nonce on its scripts, and on the response, for the browser.
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const policy = contentSecurityPolicy({ nonce, development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-sluice-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = { matcher: ["/((?!_next/|api/|favicon.ico).*)"] };
