import type { z } from "zod";
import type { ProblemCode } from "./problems";

/** A schema problem before it is placed on a line. */
export interface FieldProblem {
  code: ProblemCode;
  field?: string;
  message: string;
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const PATTERN = "^[a-zA-Z0-9_-]{1,64}$";

const pathText = (path: Path): string => path.map(String).join(".");

/** "a string", "an array", "null", … for a JSON value. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : "a number out of range";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  null: "null",
};
const expectedText = (expected: string): string => EXPECTED[expected] ?? expected;

function customIdProblem(issue: Issue): FieldProblem {
  const field = "custom_id";
  const value = issue.input;
  if (value === undefined) {
    return { code: "bad_custom_id", field, message: `custom_id is missing; it must match ${PATTERN}` };
  }
  if (typeof value !== "string") {
    return {
      code: "bad_custom_id",
      field,
      message: `custom_id must be a string matching ${PATTERN}, not ${kindOf(value)}`,
    };
  }
  let why: string;
  if (value.length === 0) why = "it is empty";
  else if (value.length > 64) why = `it has ${value.length} characters`;
  else {
    const bad = [...value].find((char) => !/[a-zA-Z0-9_-]/.test(char)) ?? "?";
    why = `it contains ${JSON.stringify(bad)}`;
  }
  return { code: "bad_custom_id", field, message: `custom_id must match ${PATTERN} (${why})` };
}

/**
 * Turns zod issues into short problems naming the field's dotted path. Zod's own wording is not used: it
 * differs between versions and says "Invalid input" for unions.
 */
export function problemsFromIssues(issues: readonly Issue[], base: Path = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (path.length === 1 && path[0] === "custom_id") {
      problems.push(customIdProblem(issue));
      continue;
    }
    const field = pathText(path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          const keyField = pathText([...path, key]);
          problems.push({
            code: "unknown_key",
            field: keyField,
            message: `unknown parameter "${keyField}": the API rejects unknown keys`,
          });
        }
        break;
      case "invalid_type":
        if (issue.input === undefined) {
          problems.push({ code: "missing_field", field, message: `${field} is required` });
        } else {
          problems.push({
            code: "bad_type",
            field,
            message: `${field} must be ${expectedText(issue.expected)}, not ${kindOf(issue.input)}`,
          });
        }
        break;
      case "invalid_union":
        problems.push(...unionProblems(issue, path));
        break;
      case "invalid_value": {
        const allowed = issue.values.map((value) => JSON.stringify(value)).join(", ");
        problems.push({
          code: issue.input === undefined ? "missing_field" : "bad_value",
          field,
          message:
            issue.input === undefined
              ? `${field} is required (one of ${allowed})`
              : `${field} must be ${issue.values.length === 1 ? allowed : `one of ${allowed}`}`,
        });
        break;
      }
      case "too_small":
        problems.push({
          code: "bad_value",
          field,
          message: issue.origin === "array" ? `${field} must not be empty` : `${field} is too small`,
        });
        break;
      case "custom": {
        // `params.type` names the JS type a custom check wants, to tell a wrong type from a wrong value.
        const wanted = issue.params?.type;
        let code: ProblemCode = (issue.params?.code as ProblemCode | undefined) ?? "bad_value";
        if (issue.input === undefined) code = "missing_field";
        else if (wanted !== undefined && typeof issue.input !== wanted) code = "bad_type";
        const message =
          code === "missing_field" ? `${field} is required` : issue.message.replaceAll("{path}", field);
        problems.push({ code, field, message });
        break;
      }
      default:
        problems.push({ code: "bad_value", field, message: `${field} is not valid` });
    }
  }
  return problems;
}

/**
 * A union fails as a whole; report the member whose type matched (an array `system` with a bad block is
 * about the block), or else that the value has none of the allowed types.
 */
function unionProblems(issue: Extract<Issue, { code: "invalid_union" }>, path: Path): FieldProblem[] {
  const field = pathText(path);
  const branches = issue.errors;
  const typeMisses = (branch: readonly Issue[]) =>
    branch.length === 1 && branch[0]?.code === "invalid_type" && branch[0].path.length === 0;
  const matched = branches.filter((branch) => !typeMisses(branch));
  if (matched.length === 1 && matched[0]) return problemsFromIssues(matched[0], path);
  const kinds = branches
    .map((branch) => (branch[0]?.code === "invalid_type" ? expectedText(branch[0].expected) : undefined))
    .filter((kind): kind is string => kind !== undefined);
  if (issue.input === undefined) return [{ code: "missing_field", field, message: `${field} is required` }];
  return [
    {
      code: "bad_type",
      field,
      message: `${field} must be ${kinds.length > 0 ? kinds.join(" or ") : "of another type"}, not ${kindOf(issue.input)}`,
    },
  ];
}
