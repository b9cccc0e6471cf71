import { SignInForm } from "./sign-in-form";

/** The sign-in screen at /login; protected pages send the browser here while there is no session. */
export function SignIn() {
  return (
    <div className="mx-auto grid max-w-sm gap-4 pt-6 sm:pt-14" data-testid="sign-in">
      <section className="rounded-md border border-line bg-surface">
        <header className="border-b border-line px-4 py-3">
          <h1 className="font-semibold text-lg">Sign in</h1>
          <p className="mt-1 text-muted text-sm">
            This dashboard is protected by a password, the one set as DASHBOARD_PASSWORD on its server.
          </p>
        </header>
        <div className="px-4 py-4">
          <SignInForm />
        </div>
      </section>
      <p className="px-1 text-muted text-xs">You stay signed in for 12 hours on this browser.</p>
    </div>
  );
}
