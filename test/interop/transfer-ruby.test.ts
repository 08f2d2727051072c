// Interop with Ruby's S3 Encryption Client (EncryptionV2) through `s3enc cp`: what the CLI writes (V2, every
// wrap, metadata or instruction file, multipart) Ruby reads, and what Ruby writes the CLI reads.
import { strict as assert } from 'node:assert';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveEnv } from '../../tools/live/live-env';
import { runRubyS3ec } from '../support/ruby/ruby-s3ec';
import { MIB, randomFile, useLiveBucket } from '../support/live-fixtures';
import { s3encCp } from '../cli/cp-support';

describe('transfer interop with Ruby EncryptionV2 on Ceph RGW', function () {
  this.timeout(180_000);
  const s = useLiveBucket('ruby-transfer');
  const keys: Record<'aes' | 'rsa', string> = { aes: '', rsa: '' };
  before(() => {
    keys.aes = join(s.dir, 'aes.hex');
    writeFileSync(keys.aes, randomBytes(32).toString('hex'));
    keys.rsa = join(s.dir, 'rsa.pem');
    writeFileSync(
      keys.rsa,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
  });

  const keyArgs = (wrap: 'aes' | 'rsa' | 'kms'): string[] =>
    wrap === 'aes'
      ? ['--cse', 'aes', '--aes-key-file', keys.aes]
      : wrap === 'rsa'
        ? ['--cse', 'rsa', '--rsa-key-file', keys.rsa]
        : [
            '--cse',
            'kms',
            '--kms-key-id',
            liveEnv().kmsKeyIds[0],
            '--kms-endpoint',
            liveEnv().kmsEndpoint,
            '--context',
            '{"app":"s3enc"}',
          ];
  const rubyKey = (wrap: 'aes' | 'rsa' | 'kms') =>
    wrap === 'kms' ? { kmsKeyId: liveEnv().kmsKeyIds[0], context: { app: 's3enc' } } : { keyFile: keys[wrap] };

  for (const wrap of ['aes', 'rsa', 'kms'] as const) {
    for (const envelope of ['metadata', 'instruction_file'] as const) {
      it(`s3enc cp --format v2 (${wrap}, ${envelope}, multipart) → Ruby reads it`, async () => {
        const f = randomFile(s.dir, `${wrap}-${envelope}.bin`, 11 * MIB + 1);
        const key = `ours/${wrap}-${envelope}.bin`;
        const up = await s3encCp([
          f.path,
          `s3://${s.bucket}/${key}`,
          ...keyArgs(wrap),
          '--format',
          'v2',
          '--part-size',
          '5',
          '--multipart-threshold',
          '5',
          ...(envelope === 'instruction_file' ? ['--instruction-file'] : []),
        ]);
        assert.equal(up.code, 0, up.stderr);
        const out = join(s.dir, `${wrap}-${envelope}.by-ruby`);
        const r = await runRubyS3ec(liveEnv(), {
          op: 'get',
          bucket: s.bucket,
          key,
          file: out,
          wrap,
          envelope,
          ...rubyKey(wrap),
        });
        assert.ok(r.ok, `${r.error}: ${r.message}`);
        assert.ok(readFileSync(out).equals(f.data));
      });

      it(`Ruby writes (${wrap}, ${envelope}) → s3enc cp decrypts it`, async () => {
        const f = randomFile(s.dir, `${wrap}-${envelope}.ruby`, 300_001);
        const key = `theirs/${wrap}-${envelope}.bin`;
        const r = await runRubyS3ec(liveEnv(), {
          op: 'put',
          bucket: s.bucket,
          key,
          file: f.path,
          wrap,
          envelope,
          ...rubyKey(wrap),
        });
        assert.ok(r.ok, `${r.error}: ${r.message}`);
        const out = join(s.dir, `${wrap}-${envelope}.by-us`);
        const down = await s3encCp([`s3://${s.bucket}/${key}`, out, ...keyArgs(wrap)]);
        assert.equal(down.code, 0, down.stderr);
        assert.ok(readFileSync(out).equals(f.data));
      });
    }
  }
});
