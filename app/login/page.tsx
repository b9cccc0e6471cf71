import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignIn } from "@/components/auth/sign-in";
import { safeNextPath } from "@/lib/auth/next-path";
import { getPageAccess } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Sign in" };

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// With a session, or with no password configured, there is nothing to sign in to: go where the user was headed.
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const access = await getPageAccess();
  if (access.status === "ok") {
    const { next } = await searchParams;
    redirect(safeNextPath(Array.isArray(next) ? next[0] : next));
  }
  return <SignIn />;
}
