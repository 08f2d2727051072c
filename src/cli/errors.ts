// How the CLI reports a failure: one line on stderr, `<Type>: <message>`, so scripts can match the type.
import { messageWithHint } from './hints';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function reportFatal(err: unknown, command: string): number {
  const usage = err instanceof UsageError ? err.message : argumentError(err);
  if (usage !== undefined) {
    process.stderr.write(`s3enc ${command}: ${usage}\nRun 's3enc ${command} --help' for usage.\n`);
    return 2;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  // Typed errors carry their class name (AuthenticationFailed, AccessDenied, ...) as `name` or `code`.
  const type = (e as { code?: string }).code ?? e.name ?? 'Error';
  process.stderr.write(`${type}: ${messageWithHint(e).split('\n')[0]}\n`);
  return 1;
}

/** A command that catches parseArgs' error itself turns it into the same usage error. */
export function usageErrorOf(err: unknown): UsageError {
  return new UsageError(argumentError(err) ?? (err instanceof Error ? err.message : String(err)));
}

/**
 * node:util parseArgs failures (unknown option, missing value, stray argument) are usage errors: exit 2 with
 * the option named, not Node's internal error code and its advice about `--`.
 */
function argumentError(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^']*)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return option ? `unknown option ${option.split(/[= ]/)[0]}` : 'unknown option';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`.trimEnd();
    default:
      // ERR_PARSE_ARGS_INVALID_OPTION_VALUE: Node's text names the option and what it expected.
      return message.split('\n')[0].replace(/^Option /, 'option ');
  }
}
