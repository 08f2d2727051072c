// Entry point of dist/cli.js (the `s3enc` binary).
import { main } from './main';

// The SDK's notice about its own future Node support is noise on every s3enc run (users can't act on it
// here), and it would break scripts that read stderr's one-line typed errors.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `s3enc ls | head`: once the reader has gone, further output has nowhere to go. Exit quietly, as command-line
// tools do on a closed pipe, instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

let settled = false;
// If the event loop drains while a command is still pending (a promise that can never settle), Node would
// exit 0 without a word; a script must see a failure instead.
process.once('beforeExit', () => {
  if (!settled) {
    process.stderr.write('InternalError: s3enc stopped before the command finished; nothing more will happen\n');
    process.exitCode = 1;
  }
});

main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (err: unknown) => {
    settled = true;
    process.stderr.write(`s3enc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
