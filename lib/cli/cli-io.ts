/** Where a command writes. Passed in rather than taken from `process`, so commands can be run
 * and checked in-process as well as from scripts/sluice.ts. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

/** An expected failure: printed as one line on stderr, no stack trace. Exit code 2 means the
 * command line itself was wrong (usage), 1 anything else. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export type CliCommand = {
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
};
