const MASK = "•••";

/**
 * A connection string safe to show back or log: the password (in the URL's user part or in a
 * `password=` parameter) becomes `•••`, so a user can recognise which server and user they saved
 * without the secret ever reaching a page, a log line or an error message.
 *
 * `postgresql://user:secret@host:5432/db` → `postgresql://user:•••@host:5432/db`
 */
export function redactConnectionString(connectionString: string): string {
  const trimmed = connectionString.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return redactUrl(trimmed);
  // libpq keyword/value form: host=... password=... ; values may be single-quoted.
  return trimmed.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, `$1${MASK}`);
}

function redactUrl(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // Unparseable: keep only what is surely not secret.
    const scheme = connectionString.slice(0, connectionString.indexOf("://"));
    return `${scheme}://${MASK}`;
  }
  if (url.password) url.password = "PASSWORDMASK";
  for (const key of [...url.searchParams.keys()]) {
    if (/^(password|sslpassword|sslkey)$/i.test(key)) url.searchParams.set(key, "PASSWORDMASK");
  }
  // URL would percent-encode the mask, so a plain placeholder is swapped in afterwards.
  return url.toString().replaceAll("PASSWORDMASK", MASK);
}

/** Every secret a connection string carries, so an error message can be scrubbed of them. */
export function connectionStringSecrets(connectionString: string): string[] {
  const secrets: string[] = [];
  try {
    const url = new URL(connectionString.trim());
    if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
    const fromQuery = url.searchParams.get("password");
    if (fromQuery) secrets.push(fromQuery);
  } catch {
    const match = /\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString);
    if (match?.[1]) secrets.push(match[1].replace(/^'|'$/g, ""));
  }
  return secrets;
}

/** Removes the connection string and its secrets from a text that is about to be shown. */
export function scrubSecrets(text: string, connectionString: string): string {
  if (!connectionString) return text;
  let scrubbed = text.split(connectionString).join(redactConnectionString(connectionString));
  for (const secret of connectionStringSecrets(connectionString)) {
    // Our messages never quote a password; this is a last guard, and masking every "a" of a
    // one-letter password would garble the message, so very short secrets are left alone.
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join(MASK);
  }
  return scrubbed;
}
