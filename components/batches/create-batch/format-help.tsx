import { DownloadIcon } from "@/components/ui/icons";
import { Panel } from "@/components/ui/panel";

export const EXAMPLE_FILE = "/examples/batch-requests-example.jsonl";

const EXAMPLE_LINE =
  '{"custom_id":"classify-0","params":{"model":"claude-haiku-4-5","max_tokens":50,"messages":[{"role":"user","content":"Classify: great product!"}]}}';

/** The file format in a few lines, for someone who has never written one. */
export function FormatHelp() {
  return (
    <Panel title="The request file" testId="format-help">
      <div className="grid gap-3 text-sm">
        <p>
          One request per line (JSONL), each an object with a <code>custom_id</code> and the{" "}
          <code>params</code> of a Messages API call:
        </p>
        <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-canvas px-2 py-1.5 font-mono text-xs">
          {EXAMPLE_LINE}
        </pre>
        <ul className="grid list-disc gap-1 pl-4 text-muted">
          <li>
            <code>custom_id</code>: 1–64 letters, digits, <code>-</code> or <code>_</code>, unique in the
            file. Results come back in any order; this is how you match them.
          </li>
          <li>
            <code>params</code>: <code>model</code>, <code>max_tokens</code> (≥ 1) and a non-empty{" "}
            <code>messages</code> list are required; <code>stream</code> is not allowed.
          </li>
          <li>Up to 100,000 requests and 256 MB. Blank lines, a BOM and Windows line endings are fine.</li>
          <li>
            Also accepted: a JSON array of requests, or <code>{'{"requests": [...]}'}</code> as sent to the
            API.
          </li>
          <li>
            Checked here: the structure of every line. Checked by the API only after the batch has run:
            whether the model exists and each request makes sense; those fail one by one as{" "}
            <code>errored</code> results.
          </li>
        </ul>
        <a
          href={EXAMPLE_FILE}
          download
          className="inline-flex items-center gap-1.5 font-medium text-info hover:underline"
        >
          <DownloadIcon />
          Download an example file
        </a>
      </div>
    </Panel>
  );
}
