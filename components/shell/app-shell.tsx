import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS, type RoleName } from "@/lib/auth/roles";
import { Badge } from "../ui/badge";
import { Logo } from "./logo";
import { MobileNav } from "./mobile-nav";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

interface AppShellProps {
  user: { name: string; email: string; role: RoleName };
  banner?: ReactNode;
  children: ReactNode;
}

function UserFooter({ user }: Pick<AppShellProps, "user">) {
  return (
    <div className="space-y-3 border-t border-border px-1 pt-4">
      <div className="px-2">
        <p className="truncate text-sm font-medium" title={user.name}>
          {user.name}
        </p>
        <p className="truncate text-xs text-muted-foreground" title={user.email}>
          {user.email}
        </p>
        <div className="mt-1.5 flex items-center justify-between gap-2">
          <Badge tone="primary">{ROLE_LABELS[user.role]}</Badge>
          <Link
            href="/settings/account"
            className="text-xs font-medium text-muted-foreground underline-offset-2 hover:text-foreground hover:underline"
          >
            Change password
          </Link>
        </div>
      </div>
      <div className="flex items-center justify-between">
        <ThemeToggle />
        <SignOutButton />
      </div>
    </div>
  );
}

// At 768 px and up the navigation is a sidebar; below, a top bar with a menu button (MobileNav).
// Only one of the two is displayed at a time, so the page has one visible "Main" navigation.
export function AppShell({ user, banner, children }: AppShellProps) {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <MobileNav>
        <NavLinks />
        <div className="mt-4">
          <UserFooter user={user} />
        </div>
      </MobileNav>
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-r border-border bg-card px-3 py-4 md:flex">
        <Link href="/destinations" className="mb-6 px-3" aria-label="Sluice home">
          <Logo />
        </Link>
        <NavLinks />
        <div className="mt-auto">
          <UserFooter user={user} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        {banner}
        <main id="main" className="mx-auto w-full min-w-0 max-w-6xl flex-1 px-4 py-6 md:px-8 md:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
