// How the CLI reports a failure: one line on stderr, `<Type>: <message>`, so scripts can match the type.
import { messageWithHint } from './hints';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function reportFatal(err: unknown, command: string): number {
  if (err instanceof UsageError) {
    process.stderr.write(`s3enc ${command}: ${err.message}\nRun 's3enc ${command} --help' for usage.\n`);
    return 2;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  // Typed errors carry their class name (AuthenticationFailed, AccessDenied, ...) as `name` or `code`.
  const type = (e as { code?: string }).code ?? e.name ?? 'Error';
  process.stderr.write(`${type}: ${messageWithHint(e).split('\n')[0]}\n`);
  return 1;
}
