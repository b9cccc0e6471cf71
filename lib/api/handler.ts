import "server-only";
import { guard } from "./guard";
import { errorResponse } from "./respond";

type Context<P> = { params: Promise<P> };
type GuardOptions = Parameters<typeof guard>[1];
type Principal = Awaited<ReturnType<typeof guard>>;

/**
 * Every route handler goes through here: `guard()` first (Host, session, Origin), then the handler, and
 * one place that turns whatever it throws into our error envelope.
 */
export function route<P = Record<string, never>>(
  options: GuardOptions,
  handler: (request: Request, params: P, principal: Principal) => Promise<Response>,
) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    try {
      const principal = await guard(request, options);
      return await handler(request, await context.params, principal);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
