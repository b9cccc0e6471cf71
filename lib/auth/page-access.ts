import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AppError } from "../api/errors";
import { authorize, type Principal } from "../api/guard";
import { authConfig } from "./config";
import { loginPath } from "./next-path";

export type PageAccess =
  | { status: "ok"; principal: Principal; loginRequired: boolean }
  /** A password is set and the browser has no valid session. */
  | { status: "login" }
  /** The page was requested under a Host that is not the dashboard's (DNS rebinding or a wrong name). */
  | { status: "misdirected" };

/**
 * The same Host and session checks as guard(), for a page request. No proxy.ts: a middleware that matched
 * the API would cut request bodies at 10 MB (security.md finding 2), so pages check here instead.
 */
export async function getPageAccess(): Promise<PageAccess> {
  const config = authConfig();
  try {
    const principal = authorize({ method: "GET", headers: await headers() }, { mutating: false }, config);
    return { status: "ok", principal, loginRequired: config.loginRequired };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "misdirected") return { status: "misdirected" };
    if (error.code === "unauthorized") return { status: "login" };
    throw error;
  }
}

/**
 * The first line of every page (a unit test checks that each one calls it), with the page's own path:
 * without a session it redirects to /login?next=<path>, under a foreign Host it answers 404. It has to be
 * the page: Next renders a page's segment, and sends it, even when a layout leaves `children` out, and a
 * client-side navigation renders the page without running the layouts above it again.
 */
export async function requirePageAccess(path: string): Promise<Principal> {
  const access = await getPageAccess();
  if (access.status === "misdirected") notFound();
  if (access.status === "login") redirect(loginPath(path));
  return access.principal;
}
