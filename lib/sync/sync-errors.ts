/** The destination cannot sync as configured (no source, revoked X connection, bad mapping...).
 * The message is for the person who will fix it; the run fails with it. */
export class SyncConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyncConfigError";
  }
}

/** X refused the credentials mid-run: no point sending the rest. */
export class SyncAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyncAuthError";
  }
}

/** X refuses the destination itself (its pixel or its event is gone): every batch would fail the
 * same way, so the run stops with this reason, for the person who will fix the destination. */
export class SyncDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SyncDestinationError";
  }
}

/** Another worker took the run over (this one was presumed dead): stop without writing. */
export class LeaseLostError extends Error {
  constructor() {
    super("another worker took this run over");
    this.name = "LeaseLostError";
  }
}
