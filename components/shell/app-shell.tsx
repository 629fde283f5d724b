import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS, type RoleName } from "@/lib/auth/roles";
import { Badge } from "../ui/badge";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

interface AppShellProps {
  user: { name: string; email: string; role: RoleName };
  banner?: ReactNode;
  children: ReactNode;
}

export function AppShell({ user, banner, children }: AppShellProps) {
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r border-border bg-card px-3 py-4">
        <Link href="/destinations" className="mb-6 px-3" aria-label="Sluice home">
          <Logo />
        </Link>
        <NavLinks />
        <div className="mt-auto space-y-3 border-t border-border px-1 pt-4">
          <div className="px-2">
            <p className="truncate text-sm font-medium" title={user.name}>{user.name}</p>
            <p className="truncate text-xs text-muted-foreground" title={user.email}>{user.email}</p>
            <div className="mt-1.5 flex items-center justify-between gap-2">
              <Badge tone="primary">{ROLE_LABELS[user.role]}</Badge>
              <Link href="/settings/account" className="text-xs font-medium text-muted-foreground underline-offset-2 hover:text-foreground hover:underline">
                Change password
              </Link>
            </div>
          </div>
          <div className="flex items-center justify-between">
            <ThemeToggle />
            <SignOutButton />
          </div>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        {banner}
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-8 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
