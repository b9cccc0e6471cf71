import { describe, expect, it } from "vitest";
import { previewRequest } from "../../../lib/batch-file/request-preview";
import type { BatchRequest } from "../../../lib/batch-file/request-schema";

const request = (params: Partial<BatchRequest["params"]>): BatchRequest => ({
  custom_id: "req-1",
  params: {
    model: "claude-haiku-4-5",
    max_tokens: 100,
    messages: [{ role: "user", content: "Hi" }],
    ...params,
  },
});

describe("previewRequest", () => {
  it("shows who says what, with the system prompt and the settings", () => {
    const preview = previewRequest(
      request({
        system: [
          { type: "text", text: "Be brief." },
          { type: "text", text: "Answer in French." },
        ],
        temperature: 0.2,
        tools: [{ name: "a" }, { name: "b" }],
        thinking: { type: "enabled", budget_tokens: 2048 },
        stream: false,
        messages: [
          {
            role: "user",
            content: [
              { type: "image", source: {} },
              { type: "text", text: "What is this?" },
            ],
          },
          { role: "assistant", content: "A cat." },
        ],
      }),
      7,
    );
    expect(preview).toEqual({
      line: 7,
      customId: "req-1",
      model: "claude-haiku-4-5",
      maxTokens: 100,
      system: "Be brief.\nAnswer in French.",
      messages: [
        { role: "user", text: "What is this?", otherBlocks: ["image"] },
        { role: "assistant", text: "A cat.", otherBlocks: [] },
      ],
      moreMessages: 0,
      options: ["2 tools", "temperature 0.2", "thinking", "stream false"],
    });
  });

  it("cuts long texts and long conversations to an excerpt", () => {
    const long = "é".repeat(1000);
    const preview = previewRequest(
      request({
        messages: Array.from({ length: 9 }, (_, i) => ({
          role: i % 2 ? ("assistant" as const) : ("user" as const),
          content: long,
        })),
      }),
      1,
    );
    expect(preview.messages).toHaveLength(4);
    expect(preview.moreMessages).toBe(5);
    expect(preview.messages[0]?.text).toBe(`${"é".repeat(280)}…`);
    expect(preview.system).toBeUndefined();
  });
});
