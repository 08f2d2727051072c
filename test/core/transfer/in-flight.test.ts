// InFlightTransfers is what the extension's deactivate() (and the CLI's signal handling) uses to stop every
// transfer: against Ceph RGW, abortAll() returns only after the multipart upload was aborted and the download's
// temp file removed, and says so.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AesKeyring } from '../../../src/core/crypto';
import { TransferCancelledError } from '../../../src/core/transfer/errors';
import { downloadFile, uploadFile } from '../../../src/core/transfer/file-transfers';
import { InFlightTransfers } from '../../../src/core/transfer/in-flight';
import { liveEnv } from '../../../tools/live/live-env';
import { MIB, clientVia, objectExists, pendingUploads, randomFile, useLiveBucket } from '../../support/live-fixtures';
import { startSlowProxy } from './support/fault-proxy';

describe('InFlightTransfers: stopping every transfer (deactivate, signals) against Ceph RGW', function () {
  this.timeout(120_000);
  const s = useLiveBucket('in-flight');
  const keyring = new AesKeyring(Buffer.alloc(32, 3));

  it('abortAll() resolves after an upload and a CSE download in flight have cleaned up, and lists what it cleaned', async () => {
    const f = randomFile(s.dir, 'big.bin', 24 * MIB);
    await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'seed.bin',
      write: { sse: { mode: 'bucket-default' }, cse: { keyring, format: 'v3', envelope: 'metadata' } },
    });
    const proxy = await startSlowProxy(liveEnv().s3Endpoint, MIB);
    const slow = clientVia(proxy.endpoint, 3);
    const dest = mkdtempSync(join(s.dir, 'dest-'));
    const transfers = new InFlightTransfers();
    try {
      const upload = transfers.run(({ signal, onCleanup }) =>
        uploadFile({
          client: slow,
          localPath: f.path,
          bucket: s.bucket,
          key: 'up.bin',
          write: { sse: { mode: 'bucket-default' } },
          multipart: { thresholdBytes: 5 * MIB, partSizeBytes: 5 * MIB, concurrency: 2 },
          signal,
          onCleanup,
        }),
      );
      const download = transfers.run(({ signal, onCleanup }) =>
        downloadFile({
          client: slow,
          bucket: s.bucket,
          key: 'seed.bin',
          destPath: join(dest, 'out.bin'),
          read: { cse: { keyring, memoryBytes: 0 } }, // spooled: a temp file to clean up
          signal,
          onCleanup,
        }),
      );
      upload.catch(() => undefined);
      download.catch(() => undefined);
      const started = Date.now();
      while (!((await pendingUploads(s.client, s.bucket)).length && readdirSync(dest).length)) {
        if (Date.now() - started > 30_000) throw new Error('the transfers did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(transfers.size, 2);
      const cleaned = await transfers.abortAll();
      // Everything is clean at the moment abortAll() resolves, not some time later.
      assert.deepEqual(await pendingUploads(s.client, s.bucket), []);
      assert.deepEqual(readdirSync(dest), []);
      assert.equal(transfers.size, 0);
      assert.equal(cleaned.length, 2, cleaned.join('; '));
      assert.ok(
        cleaned.some((c) => /^aborted multipart upload \S+ of s3:\/\/\S+\/up\.bin$/.test(c)),
        cleaned.join('; '),
      );
      assert.ok(
        cleaned.some((c) => /^removed temp file .*\.part$/.test(c)),
        cleaned.join('; '),
      );
      await assert.rejects(upload, TransferCancelledError);
      await assert.rejects(download, TransferCancelledError);
      assert.equal(await objectExists(s.client, s.bucket, 'up.bin'), false);
    } finally {
      slow.destroy();
      await proxy.close();
    }
  });
});
