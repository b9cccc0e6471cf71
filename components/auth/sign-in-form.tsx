"use client";

import { type FormEvent, useId, useRef, useState } from "react";
import { safeNextPath } from "@/lib/auth/next-path";

async function failureMessage(response: Response): Promise<string> {
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    return Number.isFinite(seconds) && seconds > 0
      ? `Too many attempts. Wait ${seconds} seconds, then try again.`
      : "Too many attempts. Wait a minute, then try again.";
  }
  if (response.status === 401) return "That password is not right.";
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // Not our JSON envelope; fall through to the generic message.
  }
  return `Sign-in failed (HTTP ${response.status}). Try again.`;
}

/** The password form. After sign-in the browser goes back to the page that asked for it. */
export function SignInForm() {
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const password = new FormData(event.currentTarget).get("password");
    setPending(true);
    setError(null);
    let message: string;
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: typeof password === "string" ? password : "" }),
        credentials: "same-origin",
      });
      if (response.ok) {
        const next = new URLSearchParams(window.location.search).get("next");
        // A full load, so the layout renders again with the new session.
        window.location.assign(safeNextPath(next));
        return;
      }
      message = await failureMessage(response);
    } catch {
      message = "The dashboard did not answer. Check that it is still running, then try again.";
    }
    setError(message);
    setPending(false);
    input.current?.focus();
    input.current?.select();
  }

  return (
    <form onSubmit={submit} className="grid gap-3" noValidate data-testid="sign-in-form">
      {/* Lets password managers file the password under this dashboard. */}
      <input type="text" name="username" autoComplete="username" value="batchboard" readOnly hidden />
      <div className="grid gap-1.5">
        <label htmlFor={inputId} className="font-medium text-sm">
          Password
        </label>
        <input
          ref={input}
          id={inputId}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          // biome-ignore lint/a11y/noAutofocus: the form is the whole page; typing should start at once.
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="w-full rounded border border-line bg-canvas px-3 py-2 text-fg text-sm outline-none focus-visible:border-accent focus-visible:ring-2 focus-visible:ring-accent/40 aria-[invalid=true]:border-bad"
        />
      </div>
      <p id={errorId} role="alert" className="min-h-5 text-bad text-sm" data-testid="sign-in-error">
        {error}
      </p>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-accent px-3 py-2 font-medium text-accent-fg text-sm outline-none transition-opacity hover:opacity-90 focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:ring-offset-2 focus-visible:ring-offset-surface disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
