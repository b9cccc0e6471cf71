import type { Config } from "tailwindcss";

// Colours are CSS variables (declared in app/globals.css) so light and dark follow the system's
// prefers-color-scheme without a `dark:` variant on every element.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        canvas: "var(--bb-canvas)",
        surface: "var(--bb-surface)",
        line: "var(--bb-line)",
        fg: "var(--bb-fg)",
        muted: "var(--bb-muted)",
        accent: "var(--bb-accent)",
        "accent-fg": "var(--bb-accent-fg)",
        ok: "var(--bb-ok)",
        bad: "var(--bb-bad)",
        warn: "var(--bb-warn)",
        info: "var(--bb-info)",
        expired: "var(--bb-expired)",
        emulator: "var(--bb-emulator)",
        "emulator-soft": "var(--bb-emulator-soft)",
      },
      fontFamily: {
        // System fonts only: nothing is downloaded at build or run time.
        sans: [
          "system-ui",
          "-apple-system",
          '"Segoe UI"',
          "Roboto",
          '"Helvetica Neue"',
          "Arial",
          "sans-serif",
        ],
        // Declared once in app/globals.css, which also styles the results table's cells with it.
        mono: ["var(--bb-font-mono)"],
      },
    },
  },
};

export default config;
