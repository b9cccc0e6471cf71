"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { getQueryClient } from "@/lib/query-client";
import { ServerNowContext } from "@/lib/use-now";

interface ProvidersProps {
  /** When the server rendered this document: the clock relative times hydrate against. */
  now: number;
  children: ReactNode;
}

export function Providers({ now, children }: ProvidersProps) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <ServerNowContext value={now}>{children}</ServerNowContext>
    </QueryClientProvider>
  );
}
