import { describe, expect, it } from "vitest";
import { errorFromResponse } from "@/lib/anthropic/errors";

const body = (type: string, message: string) => JSON.stringify({ type: "error", error: { type, message } });

describe("an upstream answer's error, as the user will read it", () => {
  it("says that the Anthropic API limited, was overloaded or failed, keeping its own words", () => {
    expect(
      errorFromResponse(429, { "retry-after": "30" }, body("rate_limit_error", "Slow down")).message,
    ).toBe("The Anthropic API is rate limiting this key: Slow down");
    expect(errorFromResponse(529, {}, body("overloaded_error", "Overloaded")).message).toBe(
      "The Anthropic API is overloaded (Overloaded). Try again shortly.",
    );
    expect(errorFromResponse(500, {}, body("api_error", "Internal server error")).message).toBe(
      "The Anthropic API failed with HTTP 500 (Internal server error). Try again shortly.",
    );
  });

  it("passes a refusal's message on unchanged: it is about the user's own request", () => {
    const error = errorFromResponse(400, {}, body("invalid_request_error", "Batch is not in progress"));
    expect(error).toMatchObject({ message: "Batch is not in progress", type: "invalid_request_error" });
  });
});
