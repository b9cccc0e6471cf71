import { AppError } from "@/lib/api/errors";
import { isSecureRequest } from "@/lib/api/guard";
import { route } from "@/lib/api/handler";
import { authConfig, loginLimiter } from "@/lib/auth/config";
import { secretsMatch } from "@/lib/auth/password";
import { clientKey } from "@/lib/auth/rate-limit";
import { newSession, sessionCookie } from "@/lib/auth/session";

/** A login body is a short JSON object; anything longer is refused without reading on. */
const MAX_BODY_BYTES = 4_096;
const FAILED = "Sign-in failed: that password is not right.";

async function readSmallBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The sign-in request is too large.");
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new AppError("payload_too_large", "The sign-in request is too large.");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function passwordFrom(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", 'Send the password as JSON: {"password": "…"}.');
  }
  const password = (body as { password?: unknown } | null)?.password;
  return typeof password === "string" && password.length <= 1_024 ? password : undefined;
}

// POST /api/auth/login — {password} → a session cookie. 5 attempts a minute per client, then 429.
export const POST = route({ mutating: true, body: "json", anonymous: true }, async (request) => {
  const config = authConfig();
  if (!config.loginRequired) {
    throw new AppError(
      "not_found",
      "Sign-in is not enabled on this dashboard (DASHBOARD_PASSWORD is not set).",
    );
  }
  const limiter = loginLimiter();
  const client = clientKey(request.headers, config.trustProxy);
  const admission = limiter.admit(client);
  if (!admission.allowed) {
    throw new AppError(
      "rate_limited",
      `Too many sign-in attempts. Try again in ${admission.retryAfterSeconds} s.`,
      { retry_after: admission.retryAfterSeconds },
    );
  }
  if (admission.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, admission.waitMs));

  const password = passwordFrom(await readSmallBody(request));
  if (!secretsMatch(password, config.password)) throw new AppError("unauthorized", FAILED);

  limiter.succeeded(client);
  const { token } = newSession(config.sessionKey);
  return new Response(null, {
    status: 204,
    headers: {
      "cache-control": "no-store",
      "set-cookie": sessionCookie(token, isSecureRequest(request, config)),
    },
  });
});
