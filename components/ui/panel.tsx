import type { ReactNode } from "react";

interface PanelProps {
  title: string;
  /** Right-aligned in the title row, e.g. a status pill. */
  aside?: ReactNode;
  children: ReactNode;
  testId?: string;
}

export function Panel({ title, aside, children, testId }: PanelProps) {
  return (
    <section className="rounded-md border border-line bg-surface" data-testid={testId}>
      <header className="flex items-center justify-between gap-3 border-b border-line px-4 py-2.5">
        <h2 className="font-semibold text-sm">{title}</h2>
        {aside}
      </header>
      <div className="px-4 py-3 text-sm">{children}</div>
    </section>
  );
}
