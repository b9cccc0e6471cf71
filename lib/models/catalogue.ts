import catalogue from "./models.json";

/** A model the API serves, under its canonical id, with the largest `max_tokens` it accepts. */
export interface KnownModel {
  id: string;
  maxOutputTokens: number;
}

/** The day `models.json` was last checked: a model released later is missing from it, not unknown. */
export const MODELS_AS_OF: string = catalogue.asOf;

const byName = new Map<string, KnownModel>();
for (const { id, aliases, maxOutputTokens } of catalogue.models) {
  const model = { id, maxOutputTokens };
  byName.set(id, model);
  for (const alias of aliases) byName.set(alias, model);
}

/** The model a request names, by id or alias; `undefined` when the API would answer `not_found_error`. */
export function resolveModel(name: string): KnownModel | undefined {
  return byName.get(name);
}
