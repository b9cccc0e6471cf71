import type { Metadata } from "next";
import Link from "next/link";
import { CreateBatchForm } from "@/components/batches/create-batch/create-batch-form";
import { FormatHelp } from "@/components/batches/create-batch/format-help";
import { ArrowLeftIcon } from "@/components/ui/icons";
import { requirePageAccess } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "New batch" };

export default async function NewBatchPage() {
  await requirePageAccess("/batches/new");
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <Link
          href="/batches"
          className="inline-flex w-fit items-center gap-1 text-muted text-sm hover:text-fg"
        >
          <ArrowLeftIcon className="size-3.5" />
          Batches
        </Link>
        <h1 className="font-semibold text-lg">New batch</h1>
        <p className="text-muted text-sm">
          Choose a request file. Every line is checked in this browser before anything is sent, and again on
          the server; a file with any invalid line is never submitted.
        </p>
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <CreateBatchForm />
        <FormatHelp />
      </div>
    </div>
  );
}
