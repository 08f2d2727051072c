export interface CliCommand {
  name: string;
  summary: string;
  /** Returns the exit code. Throws UsageError for bad arguments, typed errors for failures. */
  run(args: string[]): Promise<number>;
}
