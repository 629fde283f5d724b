"use client";

import { Button, type ButtonProps } from "./button";
import { useIsClient } from "./use-is-client";

/**
 * The submit button of a form that is sent through a server action. Until the page is hydrated
 * the form has no handler, and the browser would send it itself: a GET of this page with every
 * field, a password too, in the address (history, logs). So the button waits for the scripts.
 * A search form that is meant to be a GET uses a plain Button.
 */
export function SubmitButton({ disabled, ...props }: Omit<ButtonProps, "type">) {
  const hydrated = useIsClient();
  return <Button type="submit" disabled={!hydrated || disabled} {...props} />;
}
