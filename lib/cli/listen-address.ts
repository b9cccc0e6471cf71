import { isIP } from "node:net";

/** Hosts that only this machine can reach: localhost, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  switch (isIP(bare)) {
    case 4:
      return bare.startsWith("127.");
    case 6:
      return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || bare.startsWith("::ffff:127.");
    default:
      return false;
  }
}

/** A TCP port from the environment, or an error that names the variable. */
export function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a port number from 1 to 65535, got "${value}".`);
  }
  return port;
}

export function httpUrl(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return `http://${isIP(bare) === 6 ? `[${bare}]` : bare}:${port}`;
}

/** Why a non-loopback HOST is refused, naming the settings that are missing (one paragraph). */
export function refuseNonLoopbackMessage(
  host: string,
  missing: readonly string[] = ["DASHBOARD_PASSWORD", "PUBLIC_ORIGIN"],
): string {
  return [
    `Batchboard will not listen on HOST=${host} without ${missing.join(" and ")}, because that address is`,
    "reachable from other machines. The dashboard holds an Anthropic API key: anyone who could reach the port",
    "could spend it, read every batch's prompts and results, and cancel or delete batches. To open it to a",
    "network, set DASHBOARD_PASSWORD (at least 16 characters) and PUBLIC_ORIGIN (the address people open, such",
    "as https://batches.example.com). Otherwise keep HOST on a loopback address (127.0.0.1, the default, ::1",
    "or localhost) and reach it from elsewhere through an SSH tunnel such as `ssh -L 3000:127.0.0.1:3000 host`.",
  ].join(" ");
}
