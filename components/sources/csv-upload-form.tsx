"use client";

import { FileUp, Upload, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { formatBytes } from "@/lib/sources/csv/csv-bytes";
import { CSV_UPLOAD_MAX_BYTES, NEW_CSV_SOURCE_URL, csvVersionUrl } from "@/lib/sources/csv/csv-upload-protocol";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { SubmitButton } from "../ui/submit-button";
import { cn } from "../ui/cn";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { UploadProgress } from "./upload-progress";
import { useCsvUpload } from "./use-csv-upload";

/** Upload a CSV as a new source, or as a new version of one (`sourceId` given). `returnTo` (a
 * destination's source step) is where a new source goes once uploaded. */
export function CsvUploadForm({ sourceId, returnTo }: { sourceId?: string; returnTo?: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { state, start, cancel, fail } = useCsvUpload((result) => {
    if (result.data.created) {
      router.push(
        returnTo
          ? `${returnTo}?source=${encodeURIComponent(result.data.sourceId)}`
          : `/sources/${result.data.sourceId}?preview=1`,
      );
      return;
    }
    setFile(null);
    if (input.current) input.current.value = "";
    // Reloads the page with a fresh preview of the new version.
    router.replace(`/sources/${result.data.sourceId}?preview=1`, { scroll: false });
  });
  const busy = state.phase === "uploading" || state.phase === "checking";
  const prefix = sourceId ? "version" : "new";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!sourceId && !name)
      return fail({
        ok: false,
        code: "VALIDATION",
        message: "Enter a name.",
        fieldErrors: { name: ["Enter a name."] },
      });
    if (!file)
      return fail({
        ok: false,
        code: "VALIDATION",
        message: "Choose a CSV file to upload.",
        fieldErrors: { file: ["Choose a CSV file to upload."] },
      });
    if (file.size > CSV_UPLOAD_MAX_BYTES) {
      const message = `The file is larger than the ${formatBytes(CSV_UPLOAD_MAX_BYTES)} limit.`;
      return fail({ ok: false, code: "VALIDATION", message, fieldErrors: { file: [message] } });
    }
    start(sourceId ? csvVersionUrl(sourceId) : `${NEW_CSV_SOURCE_URL}?name=${encodeURIComponent(name)}`, file);
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files;
    if (dropped.length > 0 && input.current) {
      input.current.files = dropped;
      setFile(dropped[0] ?? null);
    }
  }

  const failure = state.phase === "failed" ? state.failure : null;
  const errors = failure?.fieldErrors ?? {};
  const fileErrorId = errors.file ? `${prefix}-file-error` : undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-busy={busy}>
      {failure && (!failure.fieldErrors || failure.fieldErrors._form) ? (
        <Alert tone="danger" title="The file was not uploaded">
          {failure.message}
        </Alert>
      ) : null}
      {state.phase === "done" && !state.result.data.created ? (
        <Alert tone={state.result.data.removedColumns.length > 0 ? "warning" : "success"} title="New version in use">
          {state.result.message}
        </Alert>
      ) : null}
      {sourceId ? null : (
        <Field
          id="new-csv-name"
          label="Name"
          errors={errors.name}
          hint="How the source appears when you set up a destination."
        >
          <Input
            name="name"
            placeholder="Store orders export"
            autoComplete="off"
            required
            maxLength={100}
            disabled={busy}
          />
        </Field>
      )}
      <div className="space-y-1.5">
        <span className="block text-sm font-medium" id={`${prefix}-file-label`}>
          {sourceId ? "New version of the file" : "CSV file"}
        </span>
        <label
          htmlFor={`${prefix}-file`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={cn(
            "flex cursor-pointer flex-col items-center gap-2 rounded-lg border border-dashed px-4 py-6 text-center text-sm transition-colors focus-within:outline-2 focus-within:outline-ring hover:border-primary/60",
            dragging ? "border-primary bg-accent" : "border-input bg-muted/40",
            errors.file && "border-danger",
          )}
        >
          <FileUp aria-hidden className="h-6 w-6 text-muted-foreground" />
          {file ? (
            <span>
              <span className="font-medium">{file.name}</span>{" "}
              <span className="text-muted-foreground">({formatBytes(file.size)})</span>
            </span>
          ) : (
            <span>
              <span className="font-medium text-primary">Choose a file</span> or drop it here
            </span>
          )}
          <span className="text-xs text-muted-foreground">
            Header row first. Comma, semicolon or tab separated, UTF-8. Up to {formatBytes(CSV_UPLOAD_MAX_BYTES)}.
          </span>
          <input
            ref={input}
            id={`${prefix}-file`}
            name="file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            className="sr-only"
            aria-labelledby={`${prefix}-file-label`}
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={fileErrorId}
            disabled={busy}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        {fileErrorId ? (
          <p id={fileErrorId} className="text-xs font-medium text-danger">
            {errors.file!.join(" ")}
          </p>
        ) : null}
      </div>
      <UploadProgress state={state} />
      <div className="flex items-center gap-2">
        <SubmitButton disabled={busy}>
          <Upload aria-hidden className="h-4 w-4" />
          {busy ? "Uploading…" : sourceId ? "Upload new version" : "Upload and create source"}
        </SubmitButton>
        {state.phase === "uploading" ? (
          <Button variant="ghost" onClick={cancel}>
            <X aria-hidden className="h-4 w-4" />
            Cancel upload
          </Button>
        ) : null}
      </div>
      {sourceId ? (
        <p className="text-xs text-muted-foreground">
          The source keeps its name and every destination&apos;s mapping; the previous file is replaced once the new one
          has been checked.
        </p>
      ) : null}
    </form>
  );
}
