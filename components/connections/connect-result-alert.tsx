import { connectErrorMessage } from "@/lib/connections/connect-messages";
import type { XConnectionView } from "@/lib/connections/x-connection-view";
import { Alert } from "../ui/alert";
import { ConnectXButton } from "./connect-x-button";
import { toneText } from "../ui/tone-text";

/** What happened on X, after the callback brought the browser back here. */
export function ConnectResultAlert({ error, connected, returnTo, canConnect }: { error: string | null; connected: XConnectionView | null; returnTo: string; canConnect: boolean }) {
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
        Its tokens are stored encrypted on the server. It is selected below.
      </Alert>
    );
  }
  return null;
}
