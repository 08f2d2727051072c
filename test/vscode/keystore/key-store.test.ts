// The extension's key store, over in-memory stand-ins for SecretStorage and Memento (the store only uses
// their get/store/delete/update methods): material only in secrets, index without secrets, MD5 lookup.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { keyMd5 } from '../../../src/core/keys/key-material';
import { KeyStore } from '../../../src/vscode/keystore/key-store';
import { resolveReadMode } from '../../../src/vscode/transfers/key-resolver';
import { AesKeyring } from '../../../src/core/crypto';
import { uploadFile } from '../../../src/core/transfer/file-transfers';
import { SseCKeyRequiredError } from '../../../src/core/transfer/errors';
import { randomFile, useLiveBucket } from '../../support/live-fixtures';

function memorySecrets(): vscode.SecretStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (k: string) => data.get(k),
    store: async (k: string, v: string) => void data.set(k, v),
    delete: async (k: string) => void data.delete(k),
    onDidChange: () => ({ dispose() {} }),
  };
}

function memoryState(): vscode.Memento & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    keys: () => [...data.keys()],
    get: <T>(k: string, d?: T) => (data.has(k) ? (data.get(k) as T) : d) as T,
    update: async (k: string, v: unknown) => void data.set(k, v),
  };
}

describe('key store (SecretStorage-backed)', () => {
  it('keeps key bytes only in SecretStorage; the index holds names, kinds and MD5s', async () => {
    const secrets = memorySecrets();
    const state = memoryState();
    const store = new KeyStore(secrets, state);
    const key = randomBytes(32);
    const info = await store.add({ name: 'prod ssec', kind: 'sse-c' }, key);
    assert.equal(info.md5, keyMd5(key));
    const indexText = JSON.stringify([...state.data.values()]);
    assert.ok(
      !indexText.includes(key.toString('base64')) && !indexText.includes(key.toString('hex')),
      'no key bytes in state',
    );
    assert.ok((await store.material('prod ssec'))?.equals(key));
    assert.equal((await store.findSseCKeyByMd5(keyMd5(key)))?.info.name, 'prod ssec');
    assert.equal(await store.findSseCKeyByMd5(keyMd5(randomBytes(32))), undefined);
  });

  it('renames (moving the secret) and deletes (removing it); refuses duplicate names', async () => {
    const secrets = memorySecrets();
    const store = new KeyStore(secrets, memoryState());
    await store.add({ name: 'a', kind: 'cse-aes' }, randomBytes(32));
    await store.add({ name: 'kms', kind: 'kms-ref', kmsKeyId: 'alias/data' });
    await assert.rejects(store.add({ name: 'a', kind: 'sse-c' }, randomBytes(32)), /already exists/);
    await store.rename('a', 'b');
    assert.deepEqual(
      store
        .list()
        .map((e) => e.name)
        .sort(),
      ['b', 'kms'],
    );
    assert.equal(await store.material('a'), undefined);
    assert.equal((await store.material('b'))?.length, 32);
    await store.delete('b');
    assert.deepEqual([...secrets.data.keys()], []);
    assert.deepEqual(
      store.list('kms-ref').map((e) => e.kmsKeyId),
      ['alias/data'],
    );
  });
});

describe('download keys found in the key store without asking (Ceph RGW)', function () {
  this.timeout(60_000);
  const s = useLiveBucket('keystore-lookup');

  it('picks the SSE-C key the object was written with among several, confirmed by its MD5', async () => {
    const store = new KeyStore(memorySecrets(), memoryState());
    const keys = [randomBytes(32), randomBytes(32), randomBytes(32)];
    for (const [i, k] of keys.entries()) await store.add({ name: `k${i}`, kind: 'sse-c' }, k);
    const f = randomFile(s.dir, 'ssec.bin', 1000);
    await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'ssec.bin',
      write: { sse: { mode: 'SSE-C', key: keys[1] } },
    });
    const found = await resolveReadMode(store, s.client, s.bucket, 'ssec.bin', {});
    assert.equal(found.keyName, 'k1');
    assert.ok(found.read.sseCKey?.equals(keys[1]));
    await store.delete('k1');
    await assert.rejects(
      resolveReadMode(store, s.client, s.bucket, 'ssec.bin', {}),
      (e: unknown) => e instanceof SseCKeyRequiredError && /none of the 2 SSE-C keys/.test(e.message),
    );
  });

  it('picks the CSE AES key that unwraps the object', async () => {
    const store = new KeyStore(memorySecrets(), memoryState());
    const keys = [randomBytes(32), randomBytes(32)];
    for (const [i, k] of keys.entries()) await store.add({ name: `aes${i}`, kind: 'cse-aes' }, k);
    const f = randomFile(s.dir, 'cse.bin', 1000);
    await uploadFile({
      client: s.client,
      localPath: f.path,
      bucket: s.bucket,
      key: 'cse.bin',
      write: {
        sse: { mode: 'bucket-default' },
        cse: { keyring: new AesKeyring(keys[1]), format: 'v3', envelope: 'metadata' },
      },
    });
    const found = await resolveReadMode(store, s.client, s.bucket, 'cse.bin', {});
    assert.equal(found.keyName, 'aes1');
    assert.ok(found.read.cse);
  });
});
