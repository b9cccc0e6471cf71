/** A grey block standing in for content that is loading; still when the user prefers reduced motion. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <span aria-hidden className={`block rounded bg-line motion-safe:animate-pulse ${className}`} />;
}
