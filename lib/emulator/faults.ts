import type { FaultKind, FaultSpec } from "./options";

export const FAULT_KINDS: readonly FaultKind[] = ["429", "529", "500", "slow", "hang", "reset", "cut"];
export const ROUTE_NAMES = ["create", "list", "retrieve", "cancel", "delete", "results"] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** `429=2`, `slow=3000`, `cut=10`, `529`: one fault, as the `x-emulator-fault` header and EMULATOR_FAULTS spell it. */
export function parseFault(text: string): FaultSpec {
  const [kind = "", arg] = text.trim().split("=");
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`unknown fault "${text}"; expected one of ${FAULT_KINDS.join(", ")}`);
  }
  if (arg === undefined) return { kind: kind as FaultKind };
  const value = Number(arg);
  if (!Number.isFinite(value) || value < 0) throw new Error(`fault "${text}" needs a non-negative number`);
  return { kind: kind as FaultKind, arg: value };
}

export function parseFaultList(text: string): FaultSpec[] {
  return text
    .split(",")
    .filter((part) => part.trim())
    .map(parseFault);
}

interface QueuedFault {
  fault: FaultSpec;
  route: RouteName | "*";
  times: number;
}

/** Faults queued through `POST /_emulator/faults`, consumed in order by the calls they match. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(entries: unknown): number {
    if (!entries || typeof entries !== "object" || !Array.isArray((entries as { faults?: unknown }).faults)) {
      throw new Error('expected {"faults":[{"kind":"529","arg":0,"times":1,"route":"create"}]}');
    }
    const parsed = (entries as { faults: unknown[] }).faults.map((entry, i) => {
      if (!entry || typeof entry !== "object") throw new Error(`faults.${i}: expected an object`);
      const { kind, arg, times = 1, route = "*" } = entry as Record<string, unknown>;
      const fault = parseFault(arg === undefined ? String(kind) : `${String(kind)}=${String(arg)}`);
      if (route !== "*" && !(ROUTE_NAMES as readonly unknown[]).includes(route)) {
        throw new Error(`faults.${i}.route: expected one of ${ROUTE_NAMES.join(", ")} or *`);
      }
      if (typeof times !== "number" || !Number.isInteger(times) || times < 1) {
        throw new Error(`faults.${i}.times: expected a positive integer`);
      }
      return { fault, route: route as RouteName | "*", times };
    });
    this.queue.push(...parsed);
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }

  take(route: RouteName): FaultSpec | undefined {
    const entry = this.queue.find((queued) => queued.route === "*" || queued.route === route);
    if (!entry) return undefined;
    entry.times -= 1;
    if (entry.times === 0) this.queue.splice(this.queue.indexOf(entry), 1);
    return entry.fault;
  }
}
