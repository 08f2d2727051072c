import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAwsProfiles } from '../../../src/core/s3/aws-profiles';

describe('core/s3 AWS profiles for the connection picker', () => {
  it('merges ~/.aws/config and credentials, with regions, skipping sso-session sections', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3enc-profiles-'));
    try {
      writeFileSync(
        join(dir, 'config'),
        '[default]\nregion = us-east-2\n\n[profile work]\nsso_session = corp\nregion=eu-west-1\n\n[sso-session corp]\nsso_region = eu-west-1\n',
      );
      writeFileSync(
        join(dir, 'credentials'),
        '# keys\n[default]\naws_access_key_id = AKIA\n[ci]\naws_access_key_id = AKIB\n',
      );
      const profiles = await listAwsProfiles({
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      });
      assert.deepEqual(profiles, [
        { name: 'ci', sources: ['credentials'] },
        { name: 'default', region: 'us-east-2', sources: ['config', 'credentials'] },
        { name: 'work', region: 'eu-west-1', sources: ['config'] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('missing files mean no profiles, not an error', async () => {
    assert.deepEqual(
      await listAwsProfiles({
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      }),
      [],
    );
  });
});
