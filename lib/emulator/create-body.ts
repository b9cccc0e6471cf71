import { invalidRequest } from "./errors";

export const MAX_REQUESTS = 100_000;
export const MAX_BODY_BYTES = 256_000_000;
export const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export interface BatchRequest {
  custom_id: string;
  params: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The synchronous part of create: the envelope and every `custom_id`, worded as the API's pydantic
 * validator words it. `params` are not looked into here; their problems become `errored` results.
 */
export function validateCreateBody(body: unknown): BatchRequest[] {
  if (!isObject(body))
    throw invalidRequest("Input should be a valid dictionary or object to extract fields from");
  for (const key of Object.keys(body)) {
    if (key !== "requests") throw invalidRequest(`${key}: Extra inputs are not permitted`);
  }
  const { requests } = body;
  if (requests === undefined) throw invalidRequest("requests: Field required");
  if (!Array.isArray(requests)) throw invalidRequest("requests: Input should be a valid list");
  if (requests.length === 0) {
    throw invalidRequest("requests: List should have at least 1 item after validation, not 0");
  }
  if (requests.length > MAX_REQUESTS) {
    throw invalidRequest(
      `requests: List should have at most ${MAX_REQUESTS} items after validation, not ${requests.length}`,
    );
  }
  const seen = new Set<string>();
  requests.forEach((request: unknown, i) => {
    const at = `requests.${i}`;
    if (!isObject(request))
      throw invalidRequest(`${at}: Input should be a valid dictionary or object to extract fields from`);
    for (const key of Object.keys(request)) {
      if (key !== "custom_id" && key !== "params")
        throw invalidRequest(`${at}.${key}: Extra inputs are not permitted`);
    }
    const { custom_id: customId, params } = request;
    if (customId === undefined) throw invalidRequest(`${at}.custom_id: Field required`);
    if (typeof customId !== "string") throw invalidRequest(`${at}.custom_id: Input should be a valid string`);
    if (customId.length > 64)
      throw invalidRequest(`${at}.custom_id: String should have at most 64 characters`);
    if (!CUSTOM_ID_PATTERN.test(customId)) {
      throw invalidRequest(`${at}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    }
    if (params === undefined) throw invalidRequest(`${at}.params: Field required`);
    if (!isObject(params)) throw invalidRequest(`${at}.params: Input should be a valid dictionary`);
    if (seen.has(customId)) {
      throw invalidRequest(
        `requests: custom_id's must be unique within a batch. Duplicate custom_id found: ${customId}`,
      );
    }
    seen.add(customId);
  });
  return requests as BatchRequest[];
}
