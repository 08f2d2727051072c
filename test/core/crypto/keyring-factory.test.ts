// The one keyring / KMS-client factory the CLI and the extension share: same retries, region and credential rules.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createKmsClient, keyringFor } from '../../../src/core/crypto/keyring-factory';
import { createDecryptor, createEncryptor } from '../../../src/core/crypto';
import { liveEnv } from '../../../tools/live/live-env';

describe('core/crypto keyring factory', () => {
  it('builds KMS clients with bounded retries, the given region, and placeholder keys only for a loopback KMS without any', async () => {
    const saved = process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_ACCESS_KEY_ID;
    try {
      const local = createKmsClient({ endpoint: 'http://127.0.0.1:1', region: 'eu-west-1' });
      assert.equal(await local.config.region(), 'eu-west-1');
      assert.equal(await local.config.maxAttempts(), 3);
      assert.equal((await local.config.credentials()).accessKeyId, 'local');
      local.destroy();
      const given = createKmsClient({
        endpoint: 'http://127.0.0.1:1',
        credentials: { accessKeyId: 'AKIDGIVEN', secretAccessKey: 's' },
      });
      assert.equal((await given.config.credentials()).accessKeyId, 'AKIDGIVEN');
      given.destroy();
      const remote = createKmsClient({
        endpoint: 'https://kms.example.com',
        region: 'us-west-2',
        credentials: { accessKeyId: 'AKIDREMOTE', secretAccessKey: 's' },
      });
      assert.equal(
        (await remote.config.credentials()).accessKeyId,
        'AKIDREMOTE',
        'a remote KMS never gets placeholder keys',
      );
      remote.destroy();
    } finally {
      if (saved !== undefined) process.env.AWS_ACCESS_KEY_ID = saved;
    }
  });

  it('a KMS keyring from the factory round-trips through the local KMS', async function () {
    this.timeout(30_000);
    const env = liveEnv();
    const keyring = keyringFor({ kind: 'kms', keyId: env.kmsKeyIds[0], endpoint: env.kmsEndpoint });
    const plain = randomBytes(1000);
    const enc = await createEncryptor({
      keyring,
      plaintextLength: plain.length,
      encryptionContext: { purpose: 'factory' },
    });
    const chunks: Buffer[] = [];
    enc.stream.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((r) => enc.stream.on('end', r));
    enc.stream.end(plain);
    await done;
    const dec = await createDecryptor({ keyring, metadata: enc.metadata, encryptionContext: { purpose: 'factory' } });
    const out: Buffer[] = [];
    dec.stream.on('data', (c: Buffer) => out.push(c));
    const finished = new Promise((r) => dec.stream.on('end', r));
    dec.stream.end(Buffer.concat(chunks));
    await finished;
    assert.ok(Buffer.concat(out).equals(plain));
  });

  it('AES and RSA sources give keyrings that refuse what they cannot do', () => {
    assert.throws(() => keyringFor({ kind: 'aes', key: randomBytes(7) }), /16, 24 or 32 bytes/);
  });
});
