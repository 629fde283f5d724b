import { NextResponse, type NextRequest } from "next/server";

// Not an auth gate (every page and action checks the session itself): it only tells server
// components which path was asked for, so a signed-out visitor is sent back there after sign-in.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-sluice-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|api/|favicon.ico).*)"] };
