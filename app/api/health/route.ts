import { getDb } from "@/lib/server/db";

export const dynamic = "force-dynamic";

// Public on purpose (load balancers and the start script call it); it reveals nothing but
// whether the app can reach its database.
export async function GET() {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
