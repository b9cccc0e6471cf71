import { AlertIcon } from "@/components/ui/icons";
import type { Problem } from "@/lib/batch-file/problems";
import { formatCount } from "@/lib/batches/format";

interface ProblemListProps {
  problems: Problem[];
  /** All problems found; more than the list when it was cut at the first 100. */
  total: number;
  /** Where the list comes from: the check in this browser, or the server's check of the upload. */
  source: "browser" | "server";
}

const where = (problem: Problem) =>
  problem.line === 0 ? "file" : problem.column ? `${problem.line}:${problem.column}` : String(problem.line);

/** Every problem with its line, column and field, so the file can be fixed in an editor in one pass. */
export function ProblemList({ problems, total, source }: ProblemListProps) {
  return (
    <section
      role="alert"
      className="grid gap-3 rounded-md border border-bad/40 bg-surface"
      data-testid="problem-list"
      data-total={total}
    >
      <header className="flex items-start gap-2 border-b border-line px-4 py-3">
        <AlertIcon className="mt-0.5 size-4 shrink-0 text-bad" />
        <div className="grid gap-0.5">
          <h2 className="font-semibold text-bad text-sm" data-testid="problem-count">
            {formatCount(total)} {total === 1 ? "problem" : "problems"} found
            {source === "server" ? " by the server" : ""}: nothing can be submitted until every line is valid
          </h2>
          <p className="text-muted text-xs">
            {total > problems.length
              ? `The first ${formatCount(problems.length)} are listed, in file order. Lines are numbered from 1.`
              : "Lines are numbered from 1; line:column points at the character where the JSON breaks."}
          </p>
        </div>
      </header>
      <div className="max-h-[28rem] overflow-auto px-4 pb-3">
        <table className="w-full border-collapse text-left text-sm">
          <thead className="sticky top-0 bg-surface text-muted text-xs">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Line
              </th>
              <th scope="col" className="hidden py-1 pr-4 font-medium sm:table-cell">
                Field
              </th>
              <th scope="col" className="py-1 font-medium">
                Problem
              </th>
            </tr>
          </thead>
          <tbody>
            {problems.map((problem, index) => (
              <tr
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once shown; problems have no id
                key={index}
                className="border-line border-t align-top"
                data-testid="problem"
                data-line={problem.line}
                data-code={problem.code}
              >
                <td className="whitespace-nowrap py-1.5 pr-4 font-mono tabular-nums">{where(problem)}</td>
                <td className="hidden break-all py-1.5 pr-4 font-mono text-xs sm:table-cell">
                  {problem.field ?? "—"}
                </td>
                <td className="py-1.5">
                  {problem.field && (
                    <span className="block break-all font-mono text-xs sm:hidden">{problem.field}</span>
                  )}
                  <span className="break-words">{problem.message}</span>{" "}
                  <span className="font-mono text-muted text-xs">{problem.code}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
