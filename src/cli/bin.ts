// Entry point of dist/cli.js (the `s3enc` binary).
import { main } from './main';

// The SDK's notice about its own future Node support is noise on every s3enc run (users can't act on it
// here), and it would break scripts that read stderr's one-line typed errors.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`s3enc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
