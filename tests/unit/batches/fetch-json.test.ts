import { describe, expect, it } from "vitest";
import { errorFromBody } from "../../../lib/queries/fetch-json";

describe("errorFromBody", () => {
  it("reads our envelope: code, message, request id, retry_after", () => {
    const error = errorFromBody(
      503,
      JSON.stringify({
        error: { code: "upstream_overloaded", message: "Overloaded", request_id: "req_011", retry_after: 3 },
      }),
    );
    expect(error).toMatchObject({
      status: 503,
      code: "upstream_overloaded",
      message: "Overloaded",
      requestId: "req_011",
      retryAfter: 3,
      isPermanent: false,
    });
  });

  it("falls back to the Retry-After header and a generic message for a body that is not ours", () => {
    const error = errorFromBody(429, "<html>Too many</html>", "7");
    expect(error).toMatchObject({ code: "http_error", retryAfter: 7, isPermanent: false });
    expect(error.message).toBe("The dashboard answered HTTP 429.");
  });

  it("marks 4xx answers other than 408 and 429 as permanent", () => {
    expect(errorFromBody(404, '{"error":{"code":"not_found","message":"x"}}').isPermanent).toBe(true);
    expect(errorFromBody(409, '{"error":{"code":"conflict","message":"x"}}').isPermanent).toBe(true);
    expect(errorFromBody(502, "").isPermanent).toBe(false);
  });

  it("carries the line problems of a refused upload", () => {
    const problems = [{ line: 3, code: "invalid_json", message: "Unexpected token" }];
    const error = errorFromBody(
      422,
      JSON.stringify({
        error: { code: "invalid_upload", message: "1 problem", problems, problem_count: 140 },
      }),
    );
    expect(error.upload).toEqual({ problems, problemCount: 140 });
    expect(
      errorFromBody(422, JSON.stringify({ error: { code: "invalid_request", message: "x" } })).upload,
    ).toBeUndefined();
  });
});
