import { escapeHtml } from "./http-io";
import type { SeedUser } from "./seed-schema";

/**
 * The "Authorize app" page in X's spirit: which app asks, what it may do, who signs in, and
 * Authorize / Cancel. There are no passwords: the person picks one of the seeded X users.
 * Plain HTML with real labels and buttons, so it works with a keyboard and a screen reader.
 */

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f7f9f9; color: #0f1419; }
  main { max-width: 30rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 1rem;
         box-shadow: 0 1px 3px rgb(0 0 0 / 0.15); }
  .logo { font-size: 2rem; font-weight: 800; margin: 0 0 1rem; }
  h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
  .note { background: #fff4d6; border-radius: 0.5rem; padding: 0.5rem 0.75rem; font-size: 0.9rem; }
  fieldset { border: 1px solid #cfd9de; border-radius: 0.75rem; margin: 1.25rem 0; padding: 0.75rem 1rem; }
  legend { font-weight: 700; padding: 0 0.25rem; }
  label { display: flex; gap: 0.6rem; align-items: center; padding: 0.4rem 0; cursor: pointer; }
  .handle { color: #536471; }
  .actions { display: flex; gap: 0.75rem; }
  button { flex: 1; font: inherit; font-weight: 700; border-radius: 9999px; padding: 0.7rem 1rem; cursor: pointer; }
  .primary { background: #0f1419; color: #fff; border: 1px solid #0f1419; }
  .secondary { background: #fff; color: #0f1419; border: 1px solid #cfd9de; }
  button:focus-visible, input:focus-visible { outline: 3px solid #1d9bf0; outline-offset: 2px; }
  @media (prefers-color-scheme: dark) {
    body { background: #000; color: #e7e9ea; } main { background: #16181c; }
    .note { background: #3a2f0b; } .handle { color: #8b98a5; } fieldset { border-color: #333639; }
    .primary { background: #eff3f4; color: #0f1419; } .secondary { background: transparent; color: #e7e9ea; border-color: #536471; }
  }`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export interface ConsentPageInput {
  appName: string;
  requestToken: string;
  users: SeedUser[];
  preselectScreenName?: string;
}

export function renderConsentPage({ appName, requestToken, users, preselectScreenName }: ConsentPageInput): string {
  const app = escapeHtml(appName);
  const chosen = users.find((u) => u.screenName === preselectScreenName) ?? users[0];
  const choices = users
    .map(
      (
        u,
      ) => `<label><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${u === chosen ? " checked" : ""} required>
        <span>${escapeHtml(u.name)} <span class="handle">@${escapeHtml(u.screenName)}</span></span></label>`,
    )
    .join("\n");
  return layout(
    `Authorize ${appName} to access your account?`,
    `<p class="logo" aria-hidden="true">𝕏</p>
<h1>Authorize ${app} to access your account?</h1>
<p class="note">This is Sluice's local stand-in for X. No password is needed: choose who signs in.</p>
<p>${app} will be able to:</p>
<ul>
  <li>See the ad accounts you can access, and your role on each.</li>
  <li>See the pixels and events of those accounts.</li>
  <li>Send conversion events to ad accounts you manage.</li>
</ul>
<form method="post" action="/oauth/authorize">
  <input type="hidden" name="oauth_token" value="${escapeHtml(requestToken)}">
  <fieldset><legend>Sign in as</legend>
${choices}
  </fieldset>
  <div class="actions">
    <button class="primary" type="submit" name="decision" value="authorize">Authorize app</button>
    <button class="secondary" type="submit" name="decision" value="cancel" formnovalidate>Cancel</button>
  </div>
</form>`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return layout(
    title,
    `<p class="logo" aria-hidden="true">𝕏</p><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`,
  );
}

/** For `oauth_callback=oob`: X shows a PIN to type into the app instead of redirecting. */
export function renderPinPage(appName: string, pin: string): string {
  return layout(
    "Authorization PIN",
    `<p class="logo" aria-hidden="true">𝕏</p><h1>You've granted access to ${escapeHtml(appName)}</h1>
<p>Next, return to ${escapeHtml(appName)} and enter this PIN to complete the authorization process:</p>
<p><strong style="font-size:2rem;letter-spacing:0.2rem" id="pin">${escapeHtml(pin)}</strong></p>`,
  );
}
