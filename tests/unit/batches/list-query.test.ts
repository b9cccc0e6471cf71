import { describe, expect, it } from "vitest";
import {
  listApiPath,
  listSearch,
  neighbours,
  parseListQuery,
  withBatch,
  withoutBatch,
} from "../../../lib/batches/list-query";
import { buildBatch, buildEndedBatch, buildPage } from "../../builders/batch";

const A = "msgbatch_01AAAAAAAAAAAAAAAAAAAAAAAA";
const B = "msgbatch_01BBBBBBBBBBBBBBBBBBBBBBBB";
const C = "msgbatch_01CCCCCCCCCCCCCCCCCCCCCCCC";

describe("parseListQuery", () => {
  it("reads the page size and one cursor", () => {
    expect(parseListQuery(new URLSearchParams(`limit=50&after_id=${A}`))).toEqual({ limit: 50, after_id: A });
    expect(parseListQuery({ limit: "100", before_id: B })).toEqual({ limit: 100, before_id: B });
    expect(parseListQuery({})).toEqual({ limit: 20 });
  });

  it("falls back instead of failing on anything unusable", () => {
    expect(parseListQuery({ limit: "7" })).toEqual({ limit: 20 });
    expect(parseListQuery({ limit: "abc", after_id: "../etc" })).toEqual({ limit: 20 });
    expect(parseListQuery({ after_id: A, before_id: B })).toEqual({ limit: 20, after_id: A });
    expect(parseListQuery({ after_id: "", before_id: B })).toEqual({ limit: 20, before_id: B });
    expect(parseListQuery({ limit: ["50", "100"] })).toEqual({ limit: 50 });
  });

  it("round-trips through the URL", () => {
    for (const query of [{ limit: 20 }, { limit: 50, after_id: A }, { limit: 100, before_id: B }] as const) {
      expect(parseListQuery(new URLSearchParams(listSearch(query)))).toEqual(query);
    }
  });
});

describe("URLs", () => {
  it("keeps /batches clean for the first page at the default size", () => {
    expect(listSearch({ limit: 20 })).toBe("");
    expect(listSearch({ limit: 20, after_id: A })).toBe(`?after_id=${A}`);
    expect(listSearch({ limit: 50 })).toBe("?limit=50");
  });

  it("always gives the API an explicit limit", () => {
    expect(listApiPath({ limit: 20 })).toBe("/api/batches?limit=20");
    expect(listApiPath({ limit: 50, before_id: B })).toBe(`/api/batches?limit=50&before_id=${B}`);
  });
});

describe("neighbours", () => {
  it("first page: no newer page; an older one when has_more", () => {
    expect(neighbours({ limit: 20 }, buildPage([A, B], { has_more: true }))).toEqual({
      previous: null,
      next: { limit: 20, after_id: B },
    });
    expect(neighbours({ limit: 20 }, buildPage([A, B]))).toEqual({ previous: null, next: null });
  });

  it("walking forward: has_more speaks for older pages; newer ones exist (we came from there)", () => {
    expect(neighbours({ limit: 20, after_id: C }, buildPage([A, B]))).toEqual({
      previous: { limit: 20, before_id: A },
      next: null,
    });
  });

  it("walking back: has_more speaks for newer pages; older ones exist", () => {
    expect(neighbours({ limit: 50, before_id: C }, buildPage([A, B]))).toEqual({
      previous: null,
      next: { limit: 50, after_id: B },
    });
    expect(neighbours({ limit: 50, before_id: C }, buildPage([A, B], { has_more: true })).previous).toEqual({
      limit: 50,
      before_id: A,
    });
  });

  it("an empty page has nowhere to go", () => {
    expect(neighbours({ limit: 20, after_id: C }, buildPage([], { has_more: true }))).toEqual({
      previous: null,
      next: null,
    });
  });
});

describe("cache updates", () => {
  it("withBatch replaces a row only with a newer snapshot, and keeps the object when nothing changed", () => {
    const page = buildPage([A, B]);
    const ended = buildEndedBatch({ id: A });
    const updated = withBatch(page, ended);
    expect(updated.data[0]).toBe(ended);
    expect(updated.data[1]).toBe(page.data[1]);
    expect(withBatch(updated, buildBatch({ id: A }))).toBe(updated);
    expect(withBatch(page, buildBatch({ id: C }))).toBe(page);
  });

  it("withoutBatch drops the row and moves the cursors off a deleted id", () => {
    const page = buildPage([A, B, C], { has_more: true });
    expect(withoutBatch(page, C)).toMatchObject({ first_id: A, last_id: B, has_more: true });
    expect(withoutBatch(page, A).data.map((row) => row.id)).toEqual([B, C]);
    expect(withoutBatch(buildPage([A]), A)).toMatchObject({ data: [], first_id: null, last_id: null });
    expect(withoutBatch(page, "msgbatch_other")).toBe(page);
  });
});
