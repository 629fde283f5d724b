import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "./handle-request";
import type { StandinOptions } from "./standin-state";
import { StandinState } from "./standin-state";

/**
 * Starts the stand-in for X in this process. Tests pass `port: 0` (the default) for a free port;
 * `standin/main.ts` is the command-line entry that uses 4010.
 */

export interface StartStandinOptions extends StandinOptions {
  port?: number;
  /** Loopback only by default: the control API has no authentication. */
  host?: string;
}

export interface RunningStandin {
  /** e.g. http://127.0.0.1:4010, with no trailing slash. */
  url: string;
  port: number;
  state: StandinState;
  stop(): Promise<void>;
}

export async function startStandin(options: StartStandinOptions = {}): Promise<RunningStandin> {
  const host = options.host ?? "127.0.0.1";
  const state = new StandinState(options);
  const timers = new Set<NodeJS.Timeout>();
  let port = options.port ?? 0;
  const server = createServer(createRequestHandler(state, { timers, fallbackHost: () => `${host}:${port}` }));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      // Also ends keep-alive sockets and requests held open by the "timeout" fault.
      server.closeAllConnections();
    });
    return stopping;
  };
  return { url: `http://${host}:${port}`, port, state, stop };
}
