// The addresses this dashboard answers to. A request whose Host is not one of them is refused (DNS rebinding:
// an attacker's name that resolves to 127.0.0.1 carries the attacker's Host and Origin, security.md finding 4).
import { isIP } from "node:net";
import { isLoopbackHost } from "../cli/listen-address";
import type { AuthSettings } from "./settings";

/** A Host header value: a DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST_SHAPE = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

export interface DashboardAddresses {
  /** Allowed `Host` values (lower case) → the origin a browser that sent it is on. */
  hosts: ReadonlyMap<string, string>;
  /** Allowed `Origin` values: the loopback origins on the dashboard's port, plus PUBLIC_ORIGIN. */
  origins: ReadonlySet<string>;
}

function addHost(hosts: Map<string, string>, host: string, port: number, scheme: "http:" | "https:"): void {
  const defaultPort = scheme === "https:" ? 443 : 80;
  const origin = `${scheme}//${port === defaultPort ? host : `${host}:${port}`}`;
  hosts.set(`${host}:${port}`, origin);
  // Browsers leave the default port out of Host.
  if (port === defaultPort) hosts.set(host, origin);
}

export function dashboardAddresses(
  settings: Pick<AuthSettings, "port" | "publicOrigin" | "host">,
): DashboardAddresses {
  const hosts = new Map<string, string>();
  const loopback = ["localhost", "127.0.0.1", "[::1]"];
  // A loopback bind address other than the usual three (127.0.0.2, say) is reachable by that name too.
  const bound = settings.host
    ?.trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (bound && isLoopbackHost(bound) && bound !== "::1") {
    loopback.push(isIP(bound) === 6 ? `[${bound}]` : bound);
  }
  for (const host of loopback) addHost(hosts, host, settings.port, "http:");

  if (settings.publicOrigin) {
    const url = new URL(settings.publicOrigin);
    const scheme = url.protocol === "https:" ? "https:" : "http:";
    const port = url.port ? Number(url.port) : scheme === "https:" ? 443 : 80;
    addHost(hosts, url.hostname.toLowerCase(), port, scheme);
  }
  return { hosts, origins: new Set(hosts.values()) };
}

/** The dashboard origin a Host header value belongs to, or undefined when it is not one of ours. */
export function originForHost(value: string | null, addresses: DashboardAddresses): string | undefined {
  if (value === null) return undefined;
  const host = value.trim().toLowerCase();
  if (!HOST_SHAPE.test(host)) return undefined;
  return addresses.hosts.get(host);
}

/** True when an Origin header value is exactly one of the dashboard's origins. */
export function isDashboardOrigin(value: string | null, addresses: DashboardAddresses): boolean {
  return value !== null && addresses.origins.has(value.trim().toLowerCase());
}
