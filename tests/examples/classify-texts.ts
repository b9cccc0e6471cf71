/**
 * The "Full End-to-End Example" of the Message Batches guide (classify three texts), ported from
 * Python to TypeScript with the official SDK, written exactly as a user would write it.
 *
 * Run: ANTHROPIC_API_KEY=... [ANTHROPIC_BASE_URL=http://127.0.0.1:4010] npx tsx tests/examples/classify-texts.ts
 */
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  // 1. Prepare requests
  const itemsToClassify = [
    "The product quality is excellent!",
    "Terrible customer service, never again.",
    "It's okay, nothing special.",
  ];

  const requests: Anthropic.Messages.BatchCreateParams.Request[] = itemsToClassify.map((text, i) => ({
    custom_id: `classify-${i}`,
    params: {
      model: "claude-haiku-4-5",
      max_tokens: 50,
      messages: [
        {
          role: "user",
          content: `Classify as positive/negative/neutral (one word): ${text}`,
        },
      ],
    },
  }));

  // 2. Create batch
  let batch = await client.messages.batches.create({ requests });
  console.log(`Created batch: ${batch.id}`);

  // 3. Wait for completion
  while (true) {
    batch = await client.messages.batches.retrieve(batch.id);
    if (batch.processing_status === "ended") break;
    await sleep(10_000);
  }

  // 4. Collect results
  const results: Record<string, string> = {};
  for await (const result of await client.messages.batches.results(batch.id)) {
    if (result.result.type === "succeeded") {
      const msg = result.result.message;
      const block = msg.content.find((b) => b.type === "text");
      results[result.custom_id] = block?.type === "text" ? block.text : "";
    }
  }

  for (const [customId, classification] of Object.entries(results).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    console.log(`${customId}: ${classification}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
