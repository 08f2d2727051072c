// s3enc: one subcommand per file under commands/. Exit codes: 0 ok, 1 findings (lint) or failure,
// 2 usage error.
import { commands } from './commands';
import { UsageError, reportFatal } from './errors';

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`s3enc: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    return reportFatal(err, command.name);
  }
}

declare const __S3ENC_VERSION__: string | undefined;
const VERSION = typeof __S3ENC_VERSION__ === 'string' ? __S3ENC_VERSION__ : '0.1.0';

function usage(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`);
  return `s3enc: S3 encryption from the terminal\n\nUsage: s3enc <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 's3enc <command> --help' for a command's options.\n`;
}

export { UsageError };
