// Live (Ceph RGW) faults: the server going away mid-upload, throttling, a policy that demands encryption,
// and local destinations that are full or read-only.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AbortMultipartUploadCommand, DeleteBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { liveEnv } from '../../../tools/live/live-env';
import { AesKeyring } from '../../../src/core/crypto';
import {
  AccessDeniedError,
  ConnectionLostError,
  DestinationError,
  TransferError,
} from '../../../src/core/transfer/errors';
import { downloadFile, uploadFile } from '../../../src/core/transfer/file-transfers';
import { startCuttingProxy, startThrottlingProxy } from './support/fault-proxy';
import { MIB, clientVia, objectExists, pendingUploads, randomFile, useLiveBucket } from '../../support/live-fixtures';

const PARTS = { thresholdBytes: 5 * MIB, partSizeBytes: 5 * MIB, concurrency: 2 };

describe('transfer faults against Ceph RGW', function () {
  this.timeout(120_000);
  const s = useLiveBucket('transfer-faults');

  it('server cut off mid-upload: the upload fails, is aborted once the server answers again, nothing is reported uploaded', async () => {
    const proxy = await startCuttingProxy(liveEnv().s3Endpoint, 8 * MIB, false);
    const client = clientVia(proxy.endpoint);
    try {
      const f = randomFile(s.dir, 'cut.bin', 20 * MIB);
      await assert.rejects(
        uploadFile({
          client,
          localPath: f.path,
          bucket: s.bucket,
          key: 'cut.bin',
          write: { sse: { mode: 'bucket-default' } },
          multipart: PARTS,
        }),
      );
      assert.ok(proxy.cut(), 'the proxy really cut the connections');
      assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
      assert.equal(await objectExists(s.client, s.bucket, 'cut.bin'), false);
    } finally {
      client.destroy();
      await proxy.close();
    }
  });

  it('server gone for good: the error names the unfinished upload so it can be resumed or removed', async () => {
    const proxy = await startCuttingProxy(liveEnv().s3Endpoint, 8 * MIB, true);
    const client = clientVia(proxy.endpoint);
    try {
      const f = randomFile(s.dir, 'gone.bin', 20 * MIB);
      let error: unknown;
      await uploadFile({
        client,
        localPath: f.path,
        bucket: s.bucket,
        key: 'gone.bin',
        write: { sse: { mode: 'bucket-default' } },
        multipart: PARTS,
      }).catch((e: unknown) => (error = e));
      assert.ok(error instanceof TransferError, `expected a TransferError, got ${String(error)}`);
      const pending = await pendingUploads(s.client, s.bucket);
      assert.equal(pending.length, 1, 'the upload the server never heard the abort for');
      assert.ok((error as Error).message.includes(pending[0].id!), 'the message names the upload id');
      assert.match((error as Error).message, /Nothing was uploaded/);
      assert.equal(await objectExists(s.client, s.bucket, 'gone.bin'), false);
      // What the user would do with the id from the message once the server is back.
      await s.client.send(
        new AbortMultipartUploadCommand({ Bucket: s.bucket, Key: 'gone.bin', UploadId: pending[0].id }),
      );
    } finally {
      client.destroy();
      await proxy.close();
    }
  });

  for (const kind of ['plain', 'CSE'] as const) {
    it(`server dies mid-download (${kind}): ConnectionLost, not DestinationNotWritable, and the folder stays empty`, async () => {
      const key = `dies-${kind}.bin`;
      const f = randomFile(s.dir, `${key}.src`, 24 * MIB);
      const keyring = new AesKeyring(Buffer.alloc(32, 7));
      await uploadFile({
        client: s.client,
        localPath: f.path,
        bucket: s.bucket,
        key,
        write: {
          sse: { mode: 'bucket-default' },
          ...(kind === 'CSE' ? { cse: { keyring, format: 'v3', envelope: 'metadata' } } : {}),
        },
      });
      const proxy = await startCuttingProxy(liveEnv().s3Endpoint, 6 * MIB, true, true);
      const client = clientVia(proxy.endpoint);
      const dest = mkdtempSync(join(s.dir, 'dies-'));
      try {
        let error: unknown;
        await downloadFile({
          client,
          bucket: s.bucket,
          key,
          destPath: join(dest, 'out.bin'),
          read: kind === 'CSE' ? { cse: { keyring } } : {},
        }).catch((e: unknown) => (error = e));
        assert.ok(proxy.cut(), 'the proxy really cut the connections mid-body');
        assert.equal(
          (error as Error)?.name,
          'ConnectionLost',
          `${(error as Error)?.name}: ${(error as Error)?.message}`,
        );
        assert.ok(error instanceof ConnectionLostError);
        assert.match((error as Error).message, /connection to S3 was lost.*No file was written/);
        assert.deepEqual(readdirSync(dest), []);
      } finally {
        client.destroy();
        await proxy.close();
      }
    });
  }

  it('retries a part the server throttled (503 SlowDown) and completes', async () => {
    const proxy = await startThrottlingProxy(
      liveEnv().s3Endpoint,
      (r) => r.method === 'PUT' && /partNumber=2/.test(r.url ?? ''),
      2,
    );
    const client = clientVia(proxy.endpoint, 4);
    try {
      const f = randomFile(s.dir, 'throttled.bin', 12 * MIB);
      const r = await uploadFile({
        client,
        localPath: f.path,
        bucket: s.bucket,
        key: 'throttled.bin',
        write: { sse: { mode: 'bucket-default' } },
        multipart: PARTS,
      });
      assert.equal(proxy.throttled(), 2);
      assert.equal(r.parts, 3);
      const dest = join(s.dir, 'throttled.out');
      await downloadFile({ client: s.client, bucket: s.bucket, key: 'throttled.bin', destPath: dest, read: {} });
      assert.ok(readFileSync(dest).equals(f.data));
    } finally {
      client.destroy();
      await proxy.close();
    }
  });

  describe('a bucket policy that denies unencrypted uploads', () => {
    const policy = (bucket: string, condition: object) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RequireKms',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
            Condition: condition,
          },
        ],
      });
    afterEach(() => s.client.send(new DeleteBucketPolicyCommand({ Bucket: s.bucket })));

    it('AccessDenied names the mode the policy requires; that mode then succeeds', async () => {
      await s.client.send(
        new PutBucketPolicyCommand({
          Bucket: s.bucket,
          Policy: policy(s.bucket, { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } }),
        }),
      );
      const f = randomFile(s.dir, 'denied.bin', 1024);
      await assert.rejects(
        uploadFile({
          client: s.client,
          localPath: f.path,
          bucket: s.bucket,
          key: 'denied.bin',
          write: { sse: { mode: 'bucket-default' } },
        }),
        (e: unknown) =>
          e instanceof AccessDeniedError &&
          /requires SSE-KMS/.test(e.message) &&
          /RequireKms/.test(e.message) &&
          /bucket default/.test(e.message),
      );
      await uploadFile({
        client: s.client,
        localPath: f.path,
        bucket: s.bucket,
        key: 'denied.bin',
        write: { sse: { mode: 'SSE-KMS', keyId: liveEnv().rgwKmsKeyIds[0] } },
      });
    });

    it('a "Null" rule is explained as "any SSE header"', async () => {
      await s.client.send(
        new PutBucketPolicyCommand({
          Bucket: s.bucket,
          Policy: policy(s.bucket, { Null: { 's3:x-amz-server-side-encryption': 'true' } }),
        }),
      );
      const f = randomFile(s.dir, 'denied2.bin', 6 * MIB);
      await assert.rejects(
        uploadFile({
          client: s.client,
          localPath: f.path,
          bucket: s.bucket,
          key: 'denied2.bin',
          write: { sse: { mode: 'bucket-default' } },
          multipart: PARTS,
        }),
        (e: unknown) => e instanceof AccessDeniedError && /requires an SSE header/.test(e.message),
      );
      assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
    });
  });

  describe('local destination', () => {
    const mounts: string[] = [];
    const mountTmpfs = (name: string, options: string): string => {
      const dir = join(s.dir, name);
      mkdirSync(dir);
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
      } catch (e) {
        throw new Error(
          `this test mounts a small tmpfs to get a full / read-only folder; run it as root (${(e as Error).message})`,
          {
            cause: e,
          },
        );
      }
      mounts.push(dir);
      return dir;
    };
    after(() => {
      for (const m of mounts) execFileSync('umount', [m]);
    });

    before(async () => {
      const f = randomFile(s.dir, 'three-mib.bin', 3 * MIB);
      await uploadFile({
        client: s.client,
        localPath: f.path,
        bucket: s.bucket,
        key: 'three-mib.bin',
        write: { sse: { mode: 'bucket-default' } },
      });
    });

    it('a full disk: DestinationError "the disk is full", and no partial file is left', async () => {
      const dir = mountTmpfs('full', 'size=1m');
      await assert.rejects(
        downloadFile({
          client: s.client,
          bucket: s.bucket,
          key: 'three-mib.bin',
          destPath: join(dir, 'out.bin'),
          read: {},
        }),
        (e: unknown) => e instanceof DestinationError && /disk is full/.test(e.message),
      );
      assert.deepEqual(readdirSync(dir), []);
    });

    it('a read-only folder: DestinationError "not writable", nothing written', async () => {
      const dir = mountTmpfs('readonly', 'size=4m,ro');
      await assert.rejects(
        downloadFile({
          client: s.client,
          bucket: s.bucket,
          key: 'three-mib.bin',
          destPath: join(dir, 'out.bin'),
          read: {},
        }),
        (e: unknown) => e instanceof DestinationError && /not writable/.test(e.message),
      );
      assert.deepEqual(readdirSync(dir), []);
    });
  });
});
