// The local KMS, driven by the real @aws-sdk/client-kms over HTTP. It must open the shared vectors' KMS
// blobs (keys/kms-master.hex), bind the encryption context, resolve ids like KMS, and fail in KMS's shapes.
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readMasterKey } from '../../tools/local-kms/main';
import { createKmsServer } from '../../tools/local-kms/server';
import { kmsMasterKeyFile, vectorsDir } from '../../tools/live/vectors-path';

const VECTORS_KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/62512ef3-4784-4dc3-b4f9-c1cb1d0619aa';

interface KmsVector {
  name: string;
  format: string;
  wrap: string;
  expect: string;
  cekAlg: string;
  encryptionContext?: Record<string, string>;
  dir: string;
}

function kmsVectors(): KmsVector[] {
  const root = vectorsDir();
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'vector.json')))
    .map((d) => ({
      ...(JSON.parse(readFileSync(join(root, d, 'vector.json'), 'utf8')) as KmsVector),
      dir: join(root, d),
    }))
    .filter((v) => v.wrap.startsWith('kms'));
}

/** The stored envelope: object metadata plus the instruction file, if any. */
function envelope(v: KmsVector): Record<string, string> {
  const meta = JSON.parse(readFileSync(join(v.dir, 'metadata.json'), 'utf8')) as Record<string, string>;
  const instr = join(v.dir, 'instruction.json');
  return existsSync(instr) ? { ...meta, ...(JSON.parse(readFileSync(instr, 'utf8')) as Record<string, string>) } : meta;
}

function storedBlobAndContext(env: Record<string, string>): { blob: Buffer; context: Record<string, string> } {
  const blob = env['x-amz-key-v2'] ?? env['x-amz-3'] ?? env['x-amz-key'];
  const context = env['x-amz-t'] ?? env['x-amz-matdesc'];
  assert.ok(blob && context, 'vector envelope has a KMS blob and a stored context');
  return { blob: Buffer.from(blob, 'base64'), context: JSON.parse(context) as Record<string, string> };
}

describe('local KMS (real @aws-sdk/client-kms over HTTP)', () => {
  let server: Server;
  let kms: KMSClient;
  let endpoint: string;

  before(async () => {
    server = createKmsServer({ masterKey: readMasterKey(kmsMasterKeyFile()) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    kms = new KMSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    kms.destroy();
    await new Promise((r) => server.close(r));
  });

  const errorName = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      return (e as Error).name;
    }
    return 'no error';
  };

  it('opens every KMS-wrapped vector blob with its stored encryption context', async () => {
    const vectors = kmsVectors();
    assert.ok(vectors.length >= 8, `expected the KMS vectors, found ${vectors.length}`);
    for (const v of vectors) {
      const { blob, context } = storedBlobAndContext(envelope(v));
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
      assert.equal(out.Plaintext?.length, 32, `${v.name}: 256-bit data key`);
      assert.equal(out.KeyId, VECTORS_KEY_ARN, v.name);
    }
  });

  it('the data key from a V2 vector blob decrypts that vector body to its plaintext', async () => {
    const v2 = kmsVectors().filter((v) => v.format === 'v2' && v.wrap === 'kms+context' && v.expect === 'ok');
    assert.ok(v2.length >= 3);
    for (const v of v2) {
      const env = envelope(v);
      const { blob, context } = storedBlobAndContext(env);
      const { Plaintext } = await kms.send(
        new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context, KeyId: 'alias/s3enc-demo' }),
      );
      const body = readFileSync(join(v.dir, 'body.bin'));
      const d = createDecipheriv('aes-256-gcm', Buffer.from(Plaintext!), Buffer.from(env['x-amz-iv'], 'base64'));
      d.setAuthTag(body.subarray(body.length - 16));
      const plain = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
      assert.deepEqual(plain, readFileSync(join(v.dir, 'plaintext.bin')), v.name);
    }
  });

  it('refuses a context-mismatch vector blob with the caller context: InvalidCiphertextException', async () => {
    const negs = kmsVectors().filter((v) => v.expect === 'context-mismatch');
    assert.ok(negs.length >= 2);
    for (const v of negs) {
      const { blob, context } = storedBlobAndContext(envelope(v));
      const callerContext = { ...v.encryptionContext, 'aws:x-amz-cek-alg': context['aws:x-amz-cek-alg'] };
      assert.notDeepEqual(callerContext, context);
      assert.equal(
        await errorName(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: callerContext }))),
        'InvalidCiphertextException',
        v.name,
      );
    }
  });

  it('GenerateDataKey then Decrypt returns the same key, bound to the context in any key order', async () => {
    const gen = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: 'alias/s3enc-demo',
        KeySpec: 'AES_256',
        EncryptionContext: { b: '2', a: '1' },
      }),
    );
    assert.equal(gen.Plaintext?.length, 32);
    assert.equal(gen.KeyId, VECTORS_KEY_ARN);
    const dec = await kms.send(
      new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, EncryptionContext: { a: '1', b: '2' } }),
    );
    assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(gen.Plaintext));
    assert.equal(
      await errorName(
        kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, EncryptionContext: { a: '1' } })),
      ),
      'InvalidCiphertextException',
    );
    assert.equal(
      await errorName(kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob }))),
      'InvalidCiphertextException',
    );
  });

  it('honours NumberOfBytes and rejects a request with neither KeySpec nor NumberOfBytes', async () => {
    const gen = await kms.send(
      new GenerateDataKeyCommand({ KeyId: '62512ef3-4784-4dc3-b4f9-c1cb1d0619aa', NumberOfBytes: 16 }),
    );
    assert.equal(gen.Plaintext?.length, 16);
    assert.equal(
      await errorName(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/s3enc-demo' }))),
      'ValidationException',
    );
  });

  it('Encrypt and Decrypt round-trip a small secret', async () => {
    const secret = Buffer.from('not a real password');
    const enc = await kms.send(new EncryptCommand({ KeyId: 'alias/s3enc-second', Plaintext: secret }));
    assert.ok(!Buffer.from(enc.CiphertextBlob!).includes(secret));
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: 'alias/s3enc-second' }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), secret);
    assert.match(dec.KeyId ?? '', /key\/0f4d8a52-/);
  });

  it('resolves the bare id, the key ARN, an alias and an alias ARN to the same key', async () => {
    const ids = [
      '62512ef3-4784-4dc3-b4f9-c1cb1d0619aa',
      VECTORS_KEY_ARN,
      'alias/s3enc-demo',
      'arn:aws:kms:us-east-1:111122223333:alias/s3enc-demo',
    ];
    for (const KeyId of ids) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
      assert.equal(KeyMetadata?.Arn, VECTORS_KEY_ARN, KeyId);
      assert.equal(KeyMetadata?.KeyState, 'Enabled');
      assert.ok(KeyMetadata?.CreationDate instanceof Date);
    }
  });

  it('answers NotFoundException for an unknown key and AccessDeniedException for the denied alias', async () => {
    assert.equal(await errorName(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' }))), 'NotFoundException');
    assert.equal(
      await errorName(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/s3enc-denied', KeySpec: 'AES_256' }))),
      'AccessDeniedException',
    );
    const gen = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/s3enc-demo', KeySpec: 'AES_256' }));
    assert.equal(
      await errorName(
        kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, KeyId: 'alias/s3enc-denied' })),
      ),
      'AccessDeniedException',
    );
  });

  it('lists keys and aliases, and filters aliases by key', async () => {
    const { Keys } = await kms.send(new ListKeysCommand({}));
    assert.ok(Keys?.some((k) => k.KeyArn === VECTORS_KEY_ARN));
    const { Aliases } = await kms.send(new ListAliasesCommand({}));
    const names = (Aliases ?? []).map((a) => a.AliasName);
    for (const n of ['alias/s3enc-demo', 'alias/s3enc-second', 'alias/s3enc-denied']) assert.ok(names.includes(n), n);
    const only = await kms.send(new ListAliasesCommand({ KeyId: '62512ef3-4784-4dc3-b4f9-c1cb1d0619aa' }));
    assert.deepEqual(only.Aliases?.map((a) => a.AliasName).sort(), ['alias/s3enc-demo', 'alias/s3enc-test']);
  });

  it('answers an unsupported operation and a malformed body in the KMS error shape', async () => {
    const post = (target: string, body: string) =>
      fetch(endpoint, {
        method: 'POST',
        headers: { 'X-Amz-Target': target, 'Content-Type': 'application/x-amz-json-1.1' },
        body,
      });
    const unknown = await post('TrentService.ScheduleKeyDeletion', '{}');
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { __type: string }).__type, 'UnknownOperationException');
    const bad = await post('TrentService.Decrypt', '{not json');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { __type: string }).__type, 'SerializationException');
  });
});
