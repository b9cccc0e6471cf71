"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { type ResultsView, viewFromParams, viewToParams } from "@/lib/results/view";

/**
 * The view from the URL, and a setter that rewrites the URL in place (history.replaceState, which Next's
 * router follows) so a filter change is instant, fetches nothing, and survives a reload or a shared link.
 */
export function useResultsView(): [ResultsView, (change: Partial<ResultsView>) => void] {
  const params = useSearchParams();
  const view = useMemo(() => viewFromParams(new URLSearchParams(params.toString())), [params]);
  const setView = useCallback((change: Partial<ResultsView>) => {
    const next = { ...viewFromParams(new URLSearchParams(window.location.search)), ...change };
    const search = viewToParams(next).toString();
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }, []);
  return [view, setView];
}
