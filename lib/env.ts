import "server-only";
import { z } from "zod";

/** Treats `VAR=` like an unset variable, so `.env` templates with blank lines fall back to defaults. */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

const EnvSchema = z.object({
  ANTHROPIC_API_KEY: z.preprocess(unsetIfEmpty, z.string().optional()),
  ANTHROPIC_BASE_URL: z.preprocess(
    unsetIfEmpty,
    z.url({ protocol: /^https?$/ }).default("https://api.anthropic.com"),
  ),
  // Set by the launcher (lib/cli/start.ts). A bare `next start` has no emulator behind it, so it talks
  // to whatever ANTHROPIC_BASE_URL names and calls that the Anthropic API.
  BATCHBOARD_MODE: z.preprocess(unsetIfEmpty, z.enum(["emulator", "anthropic"]).default("anthropic")),
});

export type Env = z.infer<typeof EnvSchema>;
export type BatchboardMode = Env["BATCHBOARD_MODE"];

/** The server's configuration. Read once per process; never pass it (or the key) to a client component. */
export const env: Env = EnvSchema.parse(process.env);
