import { describe, expect, it } from "vitest";
import { detectFormat } from "../../../lib/batch-file/detect-format";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("detectFormat", () => {
  it("takes a file that starts with a request object for JSONL, whatever follows", () => {
    expect(detectFormat(bytes('{"custom_id":"a","params":{}}\n{"custom_id":"b"'))).toBe("jsonl");
    expect(detectFormat(bytes('\uFEFF\r\n  {"params":{},"custom_id":"a"}'))).toBe("jsonl");
  });

  it('takes an array or a {"requests": …} document for JSON, after a BOM and whitespace', () => {
    expect(detectFormat(bytes('[{"custom_id":"a"}]'))).toBe("json");
    expect(detectFormat(bytes("\uFEFF\n\t [\n"))).toBe("json");
    expect(detectFormat(bytes('{"requests":[]}'))).toBe("json");
    expect(detectFormat(bytes('{\n  "requests": [\n'))).toBe("json");
  });

  it("leaves anything else to the JSONL validator, which names the broken line", () => {
    expect(detectFormat(bytes(""))).toBe("jsonl");
    expect(detectFormat(bytes("hello"))).toBe("jsonl");
    expect(detectFormat(bytes('{"request":[]}'))).toBe("jsonl");
    expect(detectFormat(bytes('{"req'))).toBe("jsonl");
  });
});
