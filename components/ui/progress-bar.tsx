interface ProgressBarProps {
  /** 0 to 1. */
  fraction: number;
  label: string;
  /** What a screen reader says, e.g. "120 MB of 245 MB". */
  valueText: string;
  testId?: string;
}

/** A determinate bar; the caller shows the figures as text beside it. */
export function ProgressBar({ fraction, label, valueText, testId }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      className="h-2 w-full overflow-hidden rounded-full bg-line"
      data-testid={testId}
      data-fraction={fraction}
    >
      <span
        className="block h-full rounded-full bg-info transition-[width] duration-100"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
