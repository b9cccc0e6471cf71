"use client";

import { useState } from "react";
import { formatCount } from "@/lib/batches/format";
import type { TypeCounts } from "@/lib/results/browser/results-store";
import { RESULT_TYPES } from "@/lib/results/result-row";
import type { ResultsView, TypeFilter } from "@/lib/results/view";
import { RESULT_LABEL, RESULT_TEXT } from "./result-style";

interface ResultsFiltersProps {
  view: ResultsView;
  onChange: (change: Partial<ResultsView>) => void;
  counts: TypeCounts;
  total: number;
  errorTypes: ReadonlyMap<string, number>;
  stopReasons: ReadonlyMap<string, number>;
}

function Chip({
  type,
  label,
  count,
  pressed,
  onPress,
}: {
  type: TypeFilter;
  label: string;
  count: number;
  pressed: boolean;
  onPress: () => void;
}) {
  const hue = type === "all" ? "" : RESULT_TEXT[type];
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onPress}
      className={`inline-flex h-7 items-center gap-1.5 rounded-full border px-3 text-xs ${
        pressed ? "border-fg bg-fg text-canvas" : "border-line bg-surface hover:bg-canvas"
      }`}
      data-testid="type-filter"
      data-type={type}
      data-count={count}
    >
      {label}
      <span className={`tabular-nums ${pressed ? "" : hue}`}>{formatCount(count)}</span>
    </button>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: ReadonlyMap<string, number>;
  onChange: (value: string) => void;
  testId: string;
}) {
  return (
    <label className="flex items-center gap-1.5 text-muted text-xs">
      {label}
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="h-7 rounded border border-line bg-surface px-1.5 font-mono text-fg text-xs"
        data-testid={testId}
      >
        <option value="">any</option>
        {[...options].map(([option, count]) => (
          <option key={option} value={option}>
            {option} ({formatCount(count)})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Type chips with live counts, error type and stop reason, and a search that reacts on every keystroke. */
export function ResultsFilters({
  view,
  onChange,
  counts,
  total,
  errorTypes,
  stopReasons,
}: ResultsFiltersProps) {
  // The box keeps its own text so typing never waits for the URL round trip.
  const [query, setQuery] = useState(view.q);
  return (
    <div className="grid gap-2" data-testid="results-filters">
      <fieldset className="flex flex-wrap items-center gap-1.5">
        <legend className="sr-only">Result type</legend>
        <Chip
          type="all"
          label="All"
          count={total}
          pressed={view.type === "all"}
          onPress={() => onChange({ type: "all", errorType: "", stopReason: "" })}
        />
        {RESULT_TYPES.map((type) => (
          <Chip
            key={type}
            type={type}
            label={RESULT_LABEL[type]}
            count={counts[type]}
            pressed={view.type === type}
            onPress={() =>
              onChange({
                type,
                ...(type !== "errored" && { errorType: "" }),
                ...(type !== "succeeded" && { stopReason: "" }),
              })
            }
          />
        ))}
        {counts.invalid > 0 && (
          <Chip
            type="invalid"
            label={RESULT_LABEL.invalid}
            count={counts.invalid}
            pressed={view.type === "invalid"}
            onPress={() => onChange({ type: "invalid" })}
          />
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <input
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            onChange({ q: event.target.value });
          }}
          placeholder="Search custom_id and reply text"
          aria-label="Search custom_id and the start of each reply or error"
          className="h-8 w-full max-w-xs rounded border border-line bg-surface px-2.5 text-sm"
          data-testid="results-search"
        />
        {errorTypes.size > 0 && (
          <Select
            label="Error"
            value={view.errorType}
            options={errorTypes}
            onChange={(errorType) => onChange({ errorType, ...(errorType && { type: "errored" }) })}
            testId="error-type-filter"
          />
        )}
        {stopReasons.size > 0 && (
          <Select
            label="Stop reason"
            value={view.stopReason}
            options={stopReasons}
            onChange={(stopReason) => onChange({ stopReason, ...(stopReason && { type: "succeeded" }) })}
            testId="stop-reason-filter"
          />
        )}
      </div>
    </div>
  );
}
