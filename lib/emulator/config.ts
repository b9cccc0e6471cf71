import path from "node:path";
import { parseFaultList } from "./faults";
import type { EmulatorOptions } from "./options";
import { parseDuration } from "./time";

export const DEFAULT_OPTIONS: EmulatorOptions = {
  host: "127.0.0.1",
  port: 4010,
  dataDir: path.join(".data", "emulator"),
  apiKey: undefined,
  // 3.5 requests/s with 1 s of latency ends a 100-request batch in about 30 s.
  rate: 3.5,
  concurrency: 32,
  latencyMs: 1000,
  windowMs: 24 * 3_600_000,
  retentionMs: 29 * 86_400_000,
  counts: "incremental",
  faultRate: 0,
  faults: parseFaultList("429=1,529,500"),
  publicUrl: undefined,
};

export function withDefaults(options: Partial<EmulatorOptions>): EmulatorOptions {
  const merged = { ...DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}

function number(name: string, text: string, min: number, max = Number.POSITIVE_INFINITY): number {
  const value = text === "max" || text === "Infinity" ? Number.POSITIVE_INFINITY : Number(text);
  if (Number.isNaN(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** Reads `EMULATOR_*` variables, then `--port`/`--host` (and `--data-dir`, `--rate`) from the command line. */
export function emulatorOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): EmulatorOptions {
  const given = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`unknown argument "${arg}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    flags.set(match[1], value);
  }
  for (const flag of flags.keys()) {
    if (!["port", "host", "data-dir", "rate"].includes(flag)) throw new Error(`unknown option --${flag}`);
  }
  const pick = (flag: string, name: string) => flags.get(flag) ?? given(name);

  const options: Partial<EmulatorOptions> = {};
  const host = pick("host", "EMULATOR_HOST");
  if (host) options.host = host;
  const port = pick("port", "EMULATOR_PORT");
  if (port) options.port = number("EMULATOR_PORT", port, 0, 65535);
  const dataDir = pick("data-dir", "EMULATOR_DATA_DIR");
  if (dataDir) options.dataDir = dataDir;
  options.apiKey = given("EMULATOR_API_KEY");
  const rate = pick("rate", "EMULATOR_RATE");
  if (rate) options.rate = number("EMULATOR_RATE", rate, Number.MIN_VALUE);
  const concurrency = given("EMULATOR_CONCURRENCY");
  if (concurrency) options.concurrency = number("EMULATOR_CONCURRENCY", concurrency, 1, 100_000);
  const latency = given("EMULATOR_LATENCY_MS");
  if (latency) options.latencyMs = number("EMULATOR_LATENCY_MS", latency, 0);
  const window = given("EMULATOR_WINDOW");
  if (window) options.windowMs = parseDuration(window);
  const retention = given("EMULATOR_RETENTION");
  if (retention) options.retentionMs = parseDuration(retention);
  const counts = given("EMULATOR_COUNTS");
  if (counts) {
    if (counts !== "incremental" && counts !== "final") {
      throw new Error(`EMULATOR_COUNTS must be "incremental" or "final", got "${counts}"`);
    }
    options.counts = counts;
  }
  const faultRate = given("EMULATOR_FAULT_RATE");
  if (faultRate) options.faultRate = number("EMULATOR_FAULT_RATE", faultRate, 0, 1);
  const faults = given("EMULATOR_FAULTS");
  if (faults) options.faults = parseFaultList(faults);
  options.publicUrl = given("EMULATOR_PUBLIC_URL")?.replace(/\/+$/, "");
  return withDefaults(options);
}
