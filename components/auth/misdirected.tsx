/** Shown instead of the app when a page is requested under an address that is not the dashboard's. */
export function Misdirected() {
  return (
    <div className="mx-auto grid max-w-md gap-2 px-4 pt-14" data-testid="misdirected">
      <h1 className="font-semibold text-lg">Wrong address</h1>
      <p className="text-muted text-sm">
        This dashboard only answers at the address it was set up with (localhost, or its PUBLIC_ORIGIN). Open
        it there.
      </p>
    </div>
  );
}
