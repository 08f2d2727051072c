// The environment a benchmark gives Debian's `/usr/bin/aws` (and s3enc child processes) to reach the local
// services: the live credentials, path-style addressing in a config file of its own, no shared credentials
// file and no pager, so nothing from the user's own AWS setup changes what is measured.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveEnv } from '../../tools/live/live-env';

/** Writes `dir/aws-config` and returns the child environment that uses it. */
export function awsCliEnv(env: LiveEnv, dir: string): NodeJS.ProcessEnv {
  const awsConfig = join(dir, 'aws-config');
  writeFileSync(awsConfig, `[default]\nregion = ${env.region}\ns3 =\n  addressing_style = path\n`);
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: env.accessKeyId,
    AWS_SECRET_ACCESS_KEY: env.secretAccessKey,
    AWS_REGION: env.region,
    AWS_DEFAULT_REGION: env.region,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
  };
}
