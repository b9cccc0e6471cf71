import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ModeBadge } from "./mode-badge";
import { NavLinks } from "./nav-links";

interface AppHeaderProps {
  /**
   * "open": no password is configured; "signed-in": a session (offers Sign out); "signed-out": only the
   * name, so the sign-in screen shows nothing about the dashboard (not even its mode).
   */
  access: "open" | "signed-in" | "signed-out";
}

export function AppHeader({ access }: AppHeaderProps) {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 sm:gap-x-6 px-4 py-2">
        <Link href="/batches" className="flex items-center gap-2 font-semibold text-fg tracking-tight">
          <svg aria-hidden viewBox="0 0 32 32" className="size-5">
            <rect width="32" height="32" rx="7" className="fill-accent" />
            <g className="fill-accent-fg">
              <rect x="8" y="8.5" width="16" height="3.5" rx="1.75" />
              <rect x="8" y="14.25" width="12" height="3.5" rx="1.75" />
              <rect x="8" y="20" width="16" height="3.5" rx="1.75" />
            </g>
          </svg>
          Batchboard
        </Link>
        {access !== "signed-out" && (
          <>
            <div className="order-last -mx-2.5 w-full sm:order-none sm:mx-0 sm:w-auto">
              <NavLinks />
            </div>
            <div className="ml-auto flex items-center gap-2">
              <ModeBadge />
              {access === "signed-in" && <SignOutButton />}
            </div>
          </>
        )}
      </div>
    </header>
  );
}
