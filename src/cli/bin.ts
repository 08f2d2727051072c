// Entry point of dist/cli.js (the `s3enc` binary).
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`s3enc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
