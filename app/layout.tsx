import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Misdirected } from "@/components/auth/misdirected";
import { AppHeader } from "@/components/layout/app-header";
import { getPageAccess } from "@/lib/auth/page-access";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Batchboard", template: "%s · Batchboard" },
  description: "A self-hosted dashboard for Anthropic Message Batches.",
  robots: { index: false, follow: false },
};

function headerAccess(access: Awaited<ReturnType<typeof getPageAccess>>) {
  if (access.status !== "ok") return "signed-out";
  return access.principal.kind === "session" ? "signed-in" : "open";
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The shell only: a foreign Host gets a notice, a visitor without a session a bare header. Next renders
  // (and sends) a page's segment even when a layout leaves `children` out, so the session check that
  // protects a page lives in the page itself: requirePageAccess().
  const access = await getPageAccess();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-canvas font-sans text-fg antialiased">
        {access.status === "misdirected" ? (
          <Misdirected />
        ) : (
          <Providers now={Date.now()}>
            <AppHeader access={headerAccess(access)} />
            <main className="mx-auto max-w-6xl px-4 py-5">{children}</main>
          </Providers>
        )}
      </body>
    </html>
  );
}
