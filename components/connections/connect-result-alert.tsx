import { connectErrorMessage } from "@/lib/connections/connect-messages";
import type { XConnectionView } from "@/lib/connections/x-connection-view";
import { Alert } from "../ui/alert";
import { ConnectXButton } from "./connect-x-button";
import { toneText } from "../ui/tone-text";

/** What happened on X, after the callback brought the browser back here. */
export function ConnectResultAlert({
  error,
  connected,
  returnTo,
  canConnect,
  where = "listed",
}: {
  error: string | null;
  connected: XConnectionView | null;
  returnTo: string;
  canConnect: boolean;
  /** "chosen" where a form below has it picked (the wizard), "listed" where a table shows it. */
  where?: "chosen" | "listed";
}) {
  const failure = connectErrorMessage(error);
  if (failure) {
    return (
      <Alert tone="danger" className={toneText.danger} title={failure.title}>
        <p>{failure.body}</p>
        {canConnect && error !== "forbidden" && error !== "not_configured" ? (
          <div className="mt-3">
            <ConnectXButton returnTo={returnTo} label="Try again" variant="secondary" />
          </div>
        ) : null}
      </Alert>
    );
  }
  if (connected) {
    return (
      <Alert tone="success" className={toneText.success} title={`Connected ${connected.handle ?? connected.label}`}>
        Its tokens are stored encrypted on the server.{" "}
        {where === "chosen" ? "It is chosen below; continue when ready." : "It is listed below."}
      </Alert>
    );
  }
  return null;
}
