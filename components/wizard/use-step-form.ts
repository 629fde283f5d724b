"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/errors";
import { useFormAction } from "../ui/use-form-action";

type StepResult = ActionResult<{ next: string }>;

/** A wizard form: submit through the step's action, stay put with errors, move on when saved. */
export function useStepForm(action: (previous: StepResult | null, input: FormData) => Promise<StepResult>) {
  const router = useRouter();
  const [state, onSubmit, pending] = useFormAction(action);
  useEffect(() => {
    if (state?.ok) router.push(state.data.next);
  }, [state, router]);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const formError = state && !state.ok ? state.message : null;
  return { state, onSubmit, pending: pending || Boolean(state?.ok), fieldErrors, formError };
}
