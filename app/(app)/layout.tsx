import { FlaskConical } from "lucide-react";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";

// Pages check again themselves: a layout is not re-run on every navigation, so it is never the
// only gate (conventions.md §2).
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("VIEWER");
  const env = getEnv();
  const banner = env.SLUICE_X_STANDIN ? (
    <div
      role="status"
      className="flex items-center justify-center gap-2 border-b border-warning/30 bg-warning-soft px-4 py-2 text-sm text-warning"
    >
      <FlaskConical aria-hidden className="h-4 w-4" />
      <span>
        <strong className="font-semibold">Demo mode:</strong> X is simulated by the local X stand-in at{" "}
        {env.X_ADS_API_BASE_URL}. Nothing is sent to the real X.
      </span>
    </div>
  ) : null;
  return (
    <AppShell user={user} banner={banner}>
      {children}
    </AppShell>
  );
}
