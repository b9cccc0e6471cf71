import { MODELS_AS_OF, resolveModel } from "../models/catalogue";
import type { BatchRequest } from "./request-schema";

/** Kinds of request the API accepts at create but answers with an `errored` result once the batch has run. */
export type UploadWarningCode =
  | "unknown_model"
  | "max_tokens_over_ceiling"
  | "temperature_range"
  | "top_p_range";

/** Requests of one kind (and, for the model codes, one model) that will come back errored. */
export interface UploadWarning {
  code: UploadWarningCode;
  /** What will happen, naming the model, ceiling or value. */
  message: string;
  /** Requests concerned. */
  count: number;
  /** The first few of their line numbers, in the order added. */
  lines: number[];
}

const LINES_KEPT = 5;

interface Group {
  code: UploadWarningCode;
  /** As written in the request; empty for the codes that do not depend on the model. */
  model: string;
  ceiling: number;
  count: number;
  lines: number[];
  /** Smallest and largest offending value (`max_tokens`, `temperature` or `top_p`). */
  least: number;
  most: number;
}

/**
 * Collects, request by request, what `params` holds that the Batches API only reports after the batch has
 * run (docs/batches-api.md §4.1): an unknown model (`not_found_error`), `max_tokens` above the model's output
 * ceiling, and `temperature` or `top_p` outside the Messages API's 0–1 (`invalid_request_error`). The create
 * succeeds and the batch runs anyway, so these are warnings rather than problems.
 */
export class RequestWarnings {
  private readonly groups = new Map<string, Group>();

  /** Cheap enough for every request of a 100,000-request file: one model lookup, a few comparisons. */
  add(request: BatchRequest, line: number): void {
    const { model, max_tokens: maxTokens, temperature, top_p: topP } = request.params;
    const known = resolveModel(model);
    if (known === undefined) {
      this.note("unknown_model", model, 0, 0, line);
    } else if (maxTokens > known.maxOutputTokens) {
      this.note("max_tokens_over_ceiling", model, known.maxOutputTokens, maxTokens, line);
    }
    if (temperature !== undefined && (temperature < 0 || temperature > 1)) {
      this.note("temperature_range", "", 0, temperature, line);
    }
    if (topP !== undefined && (topP < 0 || topP > 1)) this.note("top_p_range", "", 0, topP, line);
  }

  /** One warning per code and model, in the order their first request was added. */
  list(): UploadWarning[] {
    return Array.from(this.groups.values(), (group) => ({
      code: group.code,
      message: messageOf(group),
      count: group.count,
      lines: [...group.lines],
    }));
  }

  private note(code: UploadWarningCode, model: string, ceiling: number, value: number, line: number): void {
    const key = `${code}\u0000${model}`;
    const group = this.groups.get(key);
    if (group === undefined) {
      this.groups.set(key, { code, model, ceiling, count: 1, lines: [line], least: value, most: value });
      return;
    }
    group.count += 1;
    if (group.lines.length < LINES_KEPT) group.lines.push(line);
    if (value < group.least) group.least = value;
    if (value > group.most) group.most = value;
  }
}

const formatCount = (n: number): string => n.toLocaleString("en-US");

/** The value, or the span of values, the group's requests hold. */
const span = ({ least, most }: Group): string => (least === most ? `${most}` : `from ${least} to ${most}`);

function outcome(count: number, errorType: string): string {
  const subject = count === 1 ? "this request" : `these ${formatCount(count)} requests`;
  return `${subject} will end as errored (${errorType}) after the batch runs`;
}

function messageOf(group: Group): string {
  switch (group.code) {
    case "unknown_model": {
      const each = group.count === 1 ? "this request" : `each of these ${formatCount(group.count)} requests`;
      return `model "${group.model}" is not in Batchboard's model list as of ${MODELS_AS_OF}: if the API does not know it either, ${each} will end as errored (not_found_error) after the batch runs`;
    }
    case "max_tokens_over_ceiling":
      return `max_tokens ${span(group)} is above ${group.model}'s ${formatCount(group.ceiling)}-token ceiling: ${outcome(group.count, "invalid_request_error")}`;
    case "temperature_range":
      return `temperature ${span(group)} is outside 0–1, the range the Messages API accepts: ${outcome(group.count, "invalid_request_error")}`;
    case "top_p_range":
      return `top_p ${span(group)} is outside 0–1, the range the Messages API accepts: ${outcome(group.count, "invalid_request_error")}`;
  }
}
