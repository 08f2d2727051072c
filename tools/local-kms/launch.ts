// Starts the local KMS as its own process (not inside the caller: a test that blocks its event loop on a
// synchronous child, e.g. the Ruby client calling KMS, would otherwise deadlock).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DaemonSet } from '../local-s3/daemons';
import { waitFor } from '../local-s3/proc';
import { DENIED_ALIAS, keyArn, SECOND_KEY_ID, VECTORS_KEY_ID } from './keys';

export interface KmsEnv {
  kmsEndpoint: string;
  /** Ids the KMS accepts; the first one is the key the shared vectors were wrapped with. */
  kmsKeyIds: string[];
  /** A key id every KMS call refuses with AccessDeniedException. */
  kmsDeniedKeyId: string;
}

export const REPO_ROOT = resolve(__dirname, '..', '..');

export async function startLocalKms(
  daemons: DaemonSet,
  opts: { detached: boolean; masterKeyFile?: string },
): Promise<KmsEnv> {
  const readyFile = join(daemons.dir, 'kms.ready');
  const args = ['--import', 'tsx', join(__dirname, 'main.ts'), '--ready-file', readyFile];
  if (opts.masterKeyFile) args.push('--master-key-file', opts.masterKeyFile);
  const child = daemons.spawn('kms', process.execPath, args, { detached: opts.detached, cwd: REPO_ROOT });
  let exited = '';
  child.once('exit', (code, sig) => (exited = `local KMS exited (${sig ?? code}); see ${daemons.logPath('kms')}`));
  await waitFor('the local KMS', async () => existsSync(readyFile), {
    timeoutMs: 60_000,
    log: daemons.logPath('kms'),
    failed: () => exited || undefined,
  });
  const { kmsEndpoint } = JSON.parse(readFileSync(readyFile, 'utf8')) as { kmsEndpoint: string };
  return {
    kmsEndpoint,
    kmsKeyIds: [
      keyArn(VECTORS_KEY_ID),
      'alias/s3enc-demo',
      VECTORS_KEY_ID,
      keyArn(SECOND_KEY_ID),
      'alias/s3enc-second',
    ],
    kmsDeniedKeyId: DENIED_ALIAS,
  };
}
