// A second RGW user without rights on the test bucket, for AccessDenied tests. Created with radosgw-admin
// against the instance the global setup (or dev-up) started; removed afterwards.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { liveEnv } from '../../../../tools/live/live-env';

const run = promisify(execFile);

export interface SecondUser {
  uid: string;
  accessKeyId: string;
  secretAccessKey: string;
  remove(): Promise<void>;
}

export async function createSecondUser(): Promise<SecondUser> {
  const instanceDir = liveEnv().instanceDir;
  const conf = instanceDir ? join(instanceDir, 'ceph.conf') : '';
  if (!instanceDir || !existsSync(conf)) {
    throw new Error(
      'AccessDenied tests need a second RGW user, created with radosgw-admin against the local instance; ' +
        'S3ENC_LIVE_ENV has no "instanceDir" with a ceph.conf. Run the tests with `npm test` (global setup) or tools/local-s3/dev-up.mjs.',
    );
  }
  const uid = `explorer-${randomBytes(4).toString('hex')}`;
  const accessKeyId = `AKEXPL${randomBytes(7).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64');
  await run('radosgw-admin', [
    '-c',
    conf,
    'user',
    'create',
    `--uid=${uid}`,
    '--display-name=explorer AccessDenied tests',
    `--access-key=${accessKeyId}`,
    `--secret=${secretAccessKey}`,
  ]);
  return {
    uid,
    accessKeyId,
    secretAccessKey,
    remove: async () => {
      await run('radosgw-admin', ['-c', conf, 'user', 'rm', `--uid=${uid}`]);
    },
  };
}
