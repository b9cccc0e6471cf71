"use client";

import { useState } from "react";

/** Ends the browser's session and returns to the sign-in page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    try {
      await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" });
    } finally {
      window.location.assign("/login");
    }
  }

  return (
    <button
      type="button"
      onClick={signOut}
      disabled={pending}
      className="rounded px-2.5 py-1.5 text-muted text-sm outline-none transition-colors hover:bg-canvas hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/40 disabled:opacity-70"
      data-testid="sign-out"
    >
      Sign out
    </button>
  );
}
