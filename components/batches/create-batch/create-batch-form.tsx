"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { AlertIcon } from "@/components/ui/icons";
import type { FileCheck } from "@/lib/batch-file/browser/check-protocol";
import { CheckCanceled, FileChecker } from "@/lib/batch-file/browser/file-checker";
import { formatBytes, formatCount } from "@/lib/batches/format";
import { storeBatchInLists } from "@/lib/queries/batches";
import { batchKeys } from "@/lib/queries/keys";
import { newIdempotencyKey, uploadBatchFile } from "@/lib/queries/upload-batch";
import { CheckProgress } from "./check-progress";
import { FilePicker } from "./file-picker";
import { ProblemList } from "./problem-list";
import { SubmitPanel, type SubmitState } from "./submit-panel";
import { UploadPreview } from "./upload-preview";

type Stage =
  | { kind: "empty" }
  | { kind: "checking"; file: File; bytes: number }
  | { kind: "unreadable"; file: File; message: string }
  | { kind: "checked"; file: File; check: FileCheck; idempotencyKey: string; submit: SubmitState };

/**
 * Choose a file, see it checked line by line in a worker, read the preview, submit. A file with any problem
 * cannot be submitted; a submitted file is re-checked by the server, which creates one batch or none.
 */
export function CreateBatchForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>({ kind: "empty" });
  const checker = useRef<FileChecker | null>(null);
  const upload = useRef<AbortController | null>(null);

  useEffect(() => {
    const created = new FileChecker();
    created.warm();
    checker.current = created;
    return () => {
      created.dispose();
      upload.current?.abort();
    };
  }, []);

  const sending = stage.kind === "checked" && stage.submit.kind === "sending";
  useEffect(() => {
    if (!sending) return;
    // Leaving now would cut the upload short; the server then creates nothing, but the user should know.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [sending]);

  const choose = async (file: File) => {
    if (!checker.current) return;
    setStage({ kind: "checking", file, bytes: 0 });
    try {
      const check = await checker.current.check(file, (bytes) =>
        setStage((current) =>
          current.kind === "checking" && current.file === file ? { ...current, bytes } : current,
        ),
      );
      setStage({
        kind: "checked",
        file,
        check,
        idempotencyKey: newIdempotencyKey(),
        submit: { kind: "ready" },
      });
    } catch (error) {
      if (error instanceof CheckCanceled) return;
      setStage({ kind: "unreadable", file, message: error instanceof Error ? error.message : String(error) });
    }
  };

  const setSubmit = (file: File, submit: SubmitState) =>
    setStage((current) =>
      current.kind === "checked" && current.file === file ? { ...current, submit } : current,
    );

  const submit = async () => {
    // A ref, not state: two clicks in one frame both see the state from before the first.
    if (stage.kind !== "checked" || !stage.check.summary.ok || upload.current) return;
    const { file, check, idempotencyKey } = stage;
    const controller = new AbortController();
    upload.current = controller;
    setSubmit(file, { kind: "sending", sent: 0, total: file.size });
    try {
      const { batch } = await uploadBatchFile(file, {
        format: check.format,
        idempotencyKey,
        signal: controller.signal,
        onProgress: (sent, total) =>
          setSubmit(file, sent >= total ? { kind: "creating" } : { kind: "sending", sent, total }),
      });
      queryClient.setQueryData(batchKeys.detail(batch.id), batch);
      storeBatchInLists(queryClient, batch);
      void queryClient.invalidateQueries({ queryKey: batchKeys.lists() });
      setSubmit(file, { kind: "created", batchId: batch.id });
      router.push(`/batches/${encodeURIComponent(batch.id)}`);
    } catch (error) {
      if (!controller.signal.aborted) setSubmit(file, { kind: "failed", error });
    } finally {
      upload.current = null;
    }
  };

  const busy = stage.kind === "checked" && ["sending", "creating", "created"].includes(stage.submit.kind);

  return (
    <div className="grid gap-4" data-testid="create-batch" data-stage={stage.kind}>
      {stage.kind === "empty" ? (
        <FilePicker onFile={choose} />
      ) : (
        <div className="grid gap-3">
          <ChosenFile file={stage.file} check={stage.kind === "checked" ? stage.check : undefined} />
          <FilePicker onFile={choose} compact disabled={busy} />
        </div>
      )}
      {stage.kind === "checking" && (
        <CheckProgress
          fileName={stage.file.name}
          bytes={stage.bytes}
          total={stage.file.size}
          onCancel={() => {
            checker.current?.cancel();
            setStage({ kind: "empty" });
          }}
        />
      )}
      {stage.kind === "unreadable" && (
        <p role="alert" className="flex items-start gap-2 text-bad text-sm" data-testid="check-failed">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          {stage.message}
        </p>
      )}
      {stage.kind === "checked" &&
        (stage.check.summary.ok ? (
          <>
            <UploadPreview check={stage.check} />
            <SubmitPanel state={stage.submit} requests={stage.check.summary.requests} onSubmit={submit} />
          </>
        ) : (
          <ProblemList
            problems={stage.check.summary.problems}
            total={stage.check.summary.problemCount}
            source="browser"
          />
        ))}
    </div>
  );
}

/** The file's name and size, and once checked, the verdict in a line. */
function ChosenFile({ file, check }: { file: File; check?: FileCheck }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1" data-testid="chosen-file">
      <span className="break-all font-medium">{file.name}</span>
      <span className="text-muted text-sm tabular-nums">{formatBytes(file.size)}</span>
      {check && (
        <span
          className={`text-sm ${check.summary.ok ? "text-ok" : "text-bad"}`}
          role="status"
          data-testid="check-verdict"
          data-ok={check.summary.ok}
        >
          {check.summary.ok
            ? `All ${formatCount(check.summary.requests)} requests valid`
            : `${formatCount(check.summary.problemCount)} ${check.summary.problemCount === 1 ? "problem" : "problems"}`}
          {` · checked in ${check.elapsedMs < 1000 ? `${Math.round(check.elapsedMs)} ms` : `${(check.elapsedMs / 1000).toFixed(1)} s`}`}
        </span>
      )}
    </div>
  );
}
