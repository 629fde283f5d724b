import Link from "next/link";
import { cn } from "../ui/cn";

const TABS = [
  { href: "/settings", label: "General", ownerOnly: false },
  { href: "/settings/account", label: "Your account", ownerOnly: false },
  { href: "/settings/users", label: "Users", ownerOnly: true },
  { href: "/settings/api-tokens", label: "API tokens", ownerOnly: true },
  { href: "/settings/sso", label: "Single sign-on", ownerOnly: true },
  { href: "/settings/audit", label: "Audit log", ownerOnly: true },
];

export function SettingsNav({ current, isOwner }: { current: string; isOwner: boolean }) {
  return (
    <nav aria-label="Settings" className="mb-6 flex flex-wrap gap-x-1 border-b border-border">
      {TABS.filter((tab) => isOwner || !tab.ownerOnly).map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={cn(
            "-mb-px shrink-0 whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
            "-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
            tab.href === current && "border-primary text-foreground",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
