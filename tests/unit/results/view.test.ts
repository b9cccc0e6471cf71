import { describe, expect, it } from "vitest";
import type { ResultRow } from "../../../lib/results/result-row";
import { DEFAULT_VIEW, selectRows, viewFromParams, viewKey, viewToParams } from "../../../lib/results/view";

const make = (index: number, fields: Partial<ResultRow>): ResultRow => ({
  index,
  line: index + 1,
  customId: `id-${index}`,
  type: "succeeded",
  errorType: "",
  stopReason: "end_turn",
  inputTokens: 10,
  outputTokens: 10,
  preview: "",
  chunk: 0,
  offset: 0,
  length: 0,
  ...fields,
});

const rows = [
  make(0, { customId: "b", preview: "Bonjour le monde", inputTokens: 30, outputTokens: 5 }),
  make(1, {
    customId: "a",
    type: "errored",
    errorType: "api_error",
    stopReason: "",
    preview: "Overloaded",
    inputTokens: -1,
  }),
  make(2, {
    customId: "c",
    stopReason: "max_tokens",
    preview: "Hello (world)",
    inputTokens: 20,
    outputTokens: 50,
  }),
  make(3, { customId: "d", type: "canceled", stopReason: "", inputTokens: -1 }),
  make(4, { customId: "e", type: "invalid", stopReason: "", preview: "not JSON: x" }),
];
const ids = (view: Partial<typeof DEFAULT_VIEW>) =>
  selectRows(rows, { ...DEFAULT_VIEW, ...view }).map((row) => row.customId);

describe("selectRows", () => {
  it("hands back the rows themselves for the unfiltered view in file order, not a copy", () => {
    expect(selectRows(rows, DEFAULT_VIEW)).toBe(rows);
    expect(selectRows(rows, { ...DEFAULT_VIEW, q: " " })).toBe(rows);
  });

  it("filters by type, error type and stop reason", () => {
    expect(ids({})).toEqual(["b", "a", "c", "d", "e"]);
    expect(ids({ type: "errored" })).toEqual(["a"]);
    expect(ids({ type: "invalid" })).toEqual(["e"]);
    expect(ids({ errorType: "api_error" })).toEqual(["a"]);
    expect(ids({ stopReason: "max_tokens" })).toEqual(["c"]);
  });

  it("searches custom_id and preview case-insensitively, taking the query literally", () => {
    expect(ids({ q: "MONDE" })).toEqual(["b"]);
    expect(ids({ q: "(world)" })).toEqual(["c"]);
    expect(ids({ q: "e" })).toEqual(["b", "a", "c", "e"]);
    expect(ids({ q: "  " })).toHaveLength(5);
  });

  it("sorts by custom_id and tokens, keeping file order among equals", () => {
    expect(ids({ sort: "custom_id" })).toEqual(["a", "b", "c", "d", "e"]);
    expect(ids({ sort: "-custom_id" })).toEqual(["e", "d", "c", "b", "a"]);
    expect(ids({ sort: "-input" })).toEqual(["b", "c", "e", "a", "d"]);
    expect(ids({ sort: "-output", type: "succeeded" })).toEqual(["c", "b"]);
  });
});

describe("view in the URL", () => {
  it("round-trips and leaves defaults out", () => {
    const view = {
      ...DEFAULT_VIEW,
      type: "errored" as const,
      errorType: "api_error",
      q: "a b",
      sort: "-input" as const,
      row: 7,
    };
    expect(viewFromParams(viewToParams(view))).toEqual(view);
    expect(viewToParams(DEFAULT_VIEW).toString()).toBe("");
  });

  it("falls back to the default for values it does not know", () => {
    expect(viewFromParams(new URLSearchParams("type=nope&sort=sideways&row=-1"))).toEqual(DEFAULT_VIEW);
  });

  it("names the rows a view selects, not the open row", () => {
    expect(viewKey({ ...DEFAULT_VIEW, row: 3 })).toBe(viewKey(DEFAULT_VIEW));
    expect(viewKey({ ...DEFAULT_VIEW, q: "x" })).not.toBe(viewKey(DEFAULT_VIEW));
  });
});
