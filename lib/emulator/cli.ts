import { emulatorOptionsFromEnv } from "./config";
import { startEmulator } from "./server";

/** `npm run emulator`: the Batches API emulator on its own, until Ctrl-C. */
async function main(): Promise<void> {
  let options: ReturnType<typeof emulatorOptionsFromEnv>;
  try {
    options = emulatorOptionsFromEnv(process.env, process.argv.slice(2));
  } catch (error) {
    console.error(`emulator: ${(error as Error).message}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  const rate = Number.isFinite(options.rate) ? `${options.rate} requests/s` : "as fast as possible";
  console.log(`Batches API emulator listening on ${emulator.url}`);
  console.log(
    `  data: ${options.dataDir}  rate: ${rate}  auth: ${options.apiKey ? "EMULATOR_API_KEY only" : "any key"}`,
  );
  console.log(`  try: ANTHROPIC_BASE_URL=${emulator.url} ANTHROPIC_API_KEY=any-key node your-script.js`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`emulator: ${signal}, saving state and stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error) => {
        console.error("emulator: failed to stop cleanly", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: NodeJS.ErrnoException) => {
  console.error(
    error.code === "EADDRINUSE"
      ? `emulator: ${error.message}; choose another with --port or EMULATOR_PORT`
      : error,
  );
  process.exit(1);
});
