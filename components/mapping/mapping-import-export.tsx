"use client";

import { Download, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { parseMappingSpec, type MappingSpec } from "@/lib/conversions/mapping-spec";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { toneText } from "../ui/tone-text";

/** The mapping as its versioned JSON: download it, or load one (checked before it is used). */
export function MappingImportExport({
  spec,
  fileName,
  onImport,
  disabled,
}: {
  spec: MappingSpec;
  fileName: string;
  onImport: (spec: MappingSpec) => void;
  disabled: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<{ ok: true } | { ok: false; issues: string[] } | null>(null);

  function download() {
    const blob = new Blob([`${JSON.stringify(spec, null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
  }

  async function load(file: File) {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setResult({ ok: false, issues: [`${file.name} is not JSON.`] });
      return;
    }
    const parsed = parseMappingSpec(json);
    if (!parsed.ok) {
      setResult({ ok: false, issues: parsed.issues.map((issue) => `${issue.path || "mapping"}: ${issue.message}`) });
      return;
    }
    onImport(parsed.spec);
    setResult({ ok: true });
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={download}>
          <Download aria-hidden className="h-4 w-4" />
          Export mapping JSON
        </Button>
        {disabled ? null : (
          <Button variant="secondary" size="sm" onClick={() => input.current?.click()}>
            <Upload aria-hidden className="h-4 w-4" />
            Import mapping JSON…
          </Button>
        )}
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          className="hidden"
          tabIndex={-1}
          aria-hidden
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            if (file) void load(file);
          }}
        />
      </div>
      {result?.ok ? (
        <Alert tone="success" className={toneText.success}>
          Mapping imported. Check the table below, then save.
        </Alert>
      ) : null}
      {result && !result.ok ? (
        <Alert tone="danger" className={toneText.danger} title="That mapping file cannot be used">
          <ul className="list-disc pl-5">
            {result.issues.slice(0, 8).map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}
