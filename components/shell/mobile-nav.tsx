"use client";

import { Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Logo } from "./logo";

/**
 * The navigation below 768 px: a top bar with a menu button that shows and hides the sidebar's
 * contents as a disclosure (aria-expanded, Escape closes it and gives focus back to the button).
 * The panel is not rendered while closed, so the page has one "Main" navigation at any width.
 */
export function MobileNav({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // Following a link closes the menu: the path it was opened on is no longer the current one.
  const shown = open && openedAt === pathname;

  useEffect(() => {
    if (!shown) return;
    panel.current?.querySelector<HTMLElement>("a, button")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [shown]);

  return (
    <div className="sticky top-0 z-40 border-b border-border bg-card md:hidden">
      <div className="flex h-14 items-center justify-between px-4">
        <Link href="/destinations" aria-label="Sluice home">
          <Logo />
        </Link>
        <button
          ref={button}
          type="button"
          aria-expanded={shown}
          aria-controls="mobile-menu"
          onClick={() => {
            setOpen(!shown);
            setOpenedAt(pathname);
          }}
          className="flex h-10 w-10 items-center justify-center rounded-md text-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
        >
          {shown ? <X aria-hidden className="h-5 w-5" /> : <Menu aria-hidden className="h-5 w-5" />}
          <span className="sr-only">Menu</span>
        </button>
      </div>
      <div
        id="mobile-menu"
        ref={panel}
        hidden={!shown}
        className="max-h-[calc(100vh-3.5rem)] overflow-y-auto border-t border-border px-3 py-3"
      >
        {shown ? children : null}
      </div>
    </div>
  );
}
