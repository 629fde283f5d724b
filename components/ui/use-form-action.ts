"use client";

import { startTransition, useActionState, type FormEvent } from "react";

/**
 * useActionState for forms that keep what the person typed. Passing an action straight to
 * <form action> makes React reset the form after every submit, which throws away input the
 * moment one field has an error; submitting through onSubmit keeps it.
 */
export function useFormAction<State>(action: (previous: State | null, input: FormData) => Promise<State>) {
  const [state, dispatch, pending] = useActionState(action, null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  return [state, onSubmit, pending] as const;
}
