/**
 * What the page says after a connect attempt that did not work. The callback only puts a code
 * in the URL (never free text, which anyone could craft into a link); the words live here.
 */
export const CONNECT_ERROR_MESSAGES = {
  denied: {
    title: "Authorization cancelled",
    body: "You cancelled on X, so nothing was connected. Connect again when you are ready.",
  },
  expired: {
    title: "The authorization expired",
    body: "Authorizing on X took longer than 10 minutes. Start again; it only takes a moment.",
  },
  replayed: {
    title: "This authorization was already used",
    body: "Each authorization works once. Start the connection again.",
  },
  foreign_user: {
    title: "Started by someone else",
    body: "This authorization was started in another Sluice user's session, so it was refused. Start the connection yourself.",
  },
  unknown_request: {
    title: "Unknown authorization",
    body: "Sluice did not start this authorization (or it was cleaned up). Start the connection again.",
  },
  missing_parameters: {
    title: "X sent no authorization",
    body: "X sent the browser back without an authorization. Start the connection again.",
  },
  x_refused: {
    title: "X refused the connection",
    body: "X did not accept the request (the app's credentials or callback URL). The server log has X's answer; try again, or check the X app's settings.",
  },
  forbidden: {
    title: "Only owners connect X",
    body: "X connections are shared by the whole organisation, so only owners add or remove them. Ask an owner to connect X.",
  },
  not_configured: {
    title: "No X app configured",
    body: "This server has no X app credentials (X_CONSUMER_KEY and X_CONSUMER_SECRET). Paste a pixel access token instead, or ask the administrator.",
  },
} as const;

export type ConnectErrorCode = keyof typeof CONNECT_ERROR_MESSAGES;

export function connectErrorMessage(code: string | null | undefined): { title: string; body: string } | null {
  return code && Object.hasOwn(CONNECT_ERROR_MESSAGES, code) ? CONNECT_ERROR_MESSAGES[code as ConnectErrorCode] : null;
}
