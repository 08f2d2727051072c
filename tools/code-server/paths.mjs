// Where the cached code-server lives. Shared by the installer, the e2e harness and `npm run demo`.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** The cache directory: $S3ENC_CODE_SERVER_DIR, else ~/.cache/s3enc/code-server-<version> (outside the repo). */
export function codeServerDir() {
  return process.env.S3ENC_CODE_SERVER_DIR || join(homedir(), '.cache', 's3enc', `code-server-${CODE_SERVER_VERSION}`);
}

export function entryScript(dir = codeServerDir()) {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function missingInstallMessage() {
  return (
    `code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerDir()}. ` +
    'Install it once per machine with `node tools/code-server/install.mjs` (~2 min, ~300 MB; needs the Debian ' +
    'packages in tools/debian-packages.txt: ripgrep, chromium, g++, make, python3, pkg-config, libkrb5-dev, ' +
    'libx11-dev, libxkbfile-dev, libsecret-1-dev).'
  );
}
