import { createContext, use, useSyncExternalStore } from "react";

/**
 * The moment the server rendered the page. Relative times and elapsed bars render against it on the server
 * and during hydration, so both produce the same text; after that they follow a shared ticking clock.
 */
export const ServerNowContext = createContext(0);

const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    // Idle until now: React compares the snapshot after subscribing and re-renders with this one.
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noSubscription = () => () => {};

export interface Clock {
  now: number;
  /** False on the server and during hydration: show times in UTC, not the browser's zone. */
  local: boolean;
}

export function useNow(): Clock {
  const serverNow = use(ServerNowContext);
  const now = useSyncExternalStore(
    subscribe,
    () => current,
    () => serverNow,
  );
  const local = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return { now, local };
}
