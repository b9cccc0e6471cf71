"use client";

import { formatLocal, formatRelative, formatUtc } from "@/lib/batches/format";
import { useNow } from "@/lib/use-now";

interface RelativeTimeProps {
  iso: string;
  className?: string;
}

/** "5 min ago", with the exact time on hover (UTC until hydrated, then the browser's own zone). */
export function RelativeTime({ iso, className }: RelativeTimeProps) {
  const { now, local } = useNow();
  const exact = local ? formatLocal(iso) : formatUtc(iso);
  return (
    <time dateTime={iso} title={exact} className={className}>
      {formatRelative(iso, now)}
    </time>
  );
}
