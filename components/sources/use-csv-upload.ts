"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  CSV_FILENAME_HEADER,
  type CsvUploadFailure,
  type CsvUploadResponse,
  type CsvUploadSuccess,
} from "@/lib/sources/csv/csv-upload-protocol";

export type CsvUploadState =
  | { phase: "idle" }
  | { phase: "uploading"; filename: string; loaded: number; total: number }
  /** Every byte is sent; the server is storing the last chunk and checking the file. */
  | { phase: "checking"; filename: string; total: number }
  | { phase: "done"; filename: string; total: number; result: CsvUploadSuccess }
  | { phase: "failed"; failure: CsvUploadFailure };

const LOST: CsvUploadFailure = {
  ok: false,
  code: "NETWORK",
  message: "The upload stopped: the connection to Sluice was lost. Check your network and upload again.",
};

/**
 * Uploads a file with XMLHttpRequest rather than fetch: only XHR reports upload progress, which
 * is what lets a 200 MB file show a real progress bar instead of a spinner.
 */
export function useCsvUpload(onDone?: (result: CsvUploadSuccess) => void) {
  const [state, setState] = useState<CsvUploadState>({ phase: "idle" });
  const request = useRef<XMLHttpRequest | null>(null);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  }, [onDone]);
  useEffect(() => () => request.current?.abort(), []);

  const start = useCallback((url: string, file: File) => {
    request.current?.abort();
    const xhr = new XMLHttpRequest();
    request.current = xhr;
    const filename = file.name;
    setState({ phase: "uploading", filename, loaded: 0, total: file.size });
    xhr.upload.onprogress = (event) => {
      setState({
        phase: "uploading",
        filename,
        loaded: event.loaded,
        total: event.lengthComputable ? event.total : file.size,
      });
    };
    xhr.upload.onload = () => setState({ phase: "checking", filename, total: file.size });
    xhr.onload = () => {
      request.current = null;
      const response = parse(xhr.responseText);
      if (response?.ok) {
        setState({ phase: "done", filename, total: file.size, result: response });
        done.current?.(response);
      } else
        setState({
          phase: "failed",
          failure: response ?? { ...LOST, message: `The upload failed (HTTP ${xhr.status}). Try again.` },
        });
    };
    xhr.onerror = () => {
      request.current = null;
      setState({ phase: "failed", failure: LOST });
    };
    xhr.onabort = () => setState({ phase: "idle" });
    xhr.open("POST", url);
    xhr.setRequestHeader(CSV_FILENAME_HEADER, encodeURIComponent(filename));
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.send(file);
  }, []);

  const cancel = useCallback(() => request.current?.abort(), []);
  const fail = useCallback((failure: CsvUploadFailure) => setState({ phase: "failed", failure }), []);
  return { state, start, cancel, fail };
}

function parse(text: string): CsvUploadResponse | null {
  try {
    const body = JSON.parse(text) as CsvUploadResponse;
    return typeof body === "object" && body !== null && "ok" in body ? body : null;
  } catch {
    return null;
  }
}
