"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/batches", label: "Batches" },
  { href: "/batches/new", label: "New batch" },
] as const;

function isActive(pathname: string, href: string): boolean {
  if (pathname === href) return true;
  // "Batches" also covers a batch's own pages; the create page has its own link.
  return href === "/batches" && pathname.startsWith("/batches/") && pathname !== "/batches/new";
}

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-1 text-sm">
      {LINKS.map(({ href, label }) => {
        const active = isActive(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded px-2.5 py-1.5 transition-colors ${
              active ? "bg-canvas font-medium text-fg" : "text-muted hover:bg-canvas hover:text-fg"
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
