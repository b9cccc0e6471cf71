import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";
type Size = "sm" | "md";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-accent text-accent-fg border-transparent hover:opacity-90",
  secondary: "bg-surface text-fg border-line hover:bg-canvas",
  danger: "bg-surface text-bad border-bad/40 hover:bg-bad/10",
  ghost: "bg-transparent text-muted border-transparent hover:bg-canvas hover:text-fg",
};

const SIZES: Record<Size, string> = {
  sm: "h-7 px-2.5 text-xs gap-1.5",
  md: "h-8 px-3 text-sm gap-2",
};

/** Shared by buttons and links that look like buttons. `aria-disabled` keeps a control focusable. */
export function buttonStyles(variant: Variant = "secondary", size: Size = "md"): string {
  return `inline-flex shrink-0 items-center justify-center whitespace-nowrap rounded border font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 ${VARIANTS[variant]} ${SIZES[size]}`;
}

interface ButtonProps extends ComponentProps<"button"> {
  variant?: Variant;
  size?: Size;
}

export function Button({ variant, size, className = "", type = "button", ...props }: ButtonProps) {
  return <button type={type} className={`${buttonStyles(variant, size)} ${className}`} {...props} />;
}
