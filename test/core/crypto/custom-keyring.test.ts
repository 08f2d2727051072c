// The Keyring interface is enough to plug in your own key provider, and objects it writes are ordinary
// S3EC objects that the built-in keyrings read.
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import {
  AesKeyring,
  WrongKey,
  type Keyring,
  type UnwrapRequest,
  type WrapRequest,
  type WrappedDataKey,
} from '../../../src/core/crypto';
import { decryptBuffer, encryptBuffer } from './helpers';

/** A user's own provider: AES/GCM wrap that binds the stored content algorithm (e.g. "115") as AAD. */
class CekBoundAesKeyring implements Keyring {
  readonly description = 'custom AES provider';
  readonly unwrapAlgorithms = ['AES/GCM'];
  constructor(private readonly kek: Buffer) {}
  async wrap(request: WrapRequest): Promise<WrappedDataKey> {
    const dataKey = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.kek, iv);
    c.setAAD(Buffer.from(request.cekAlgorithm));
    const edk = Buffer.concat([iv, c.update(dataKey), c.final(), c.getAuthTag()]);
    return {
      dataKey,
      encryptedDataKey: edk,
      wrapAlgorithm: 'AES/GCM',
      description: { provider: 'custom' },
      descriptionKind: 'material-description',
    };
  }
  async unwrap(request: UnwrapRequest): Promise<Buffer> {
    throw new WrongKey(`custom provider does not unwrap ${request.wrapAlgorithm}`);
  }
}

describe('crypto: custom keyrings', () => {
  it('a V3 object from a custom keyring (AAD "115") is read by the built-in AES keyring', async () => {
    const kek = randomBytes(32);
    const plain = randomBytes(1000);
    const { enc, body } = await encryptBuffer(plain, { keyring: new CekBoundAesKeyring(kek), format: 'v3' });
    assert.equal(enc.metadata['x-amz-w'], '02');
    assert.deepEqual(JSON.parse(enc.metadata['x-amz-m']), { provider: 'custom' });
    assert.deepEqual(await decryptBuffer(body, enc, new AesKeyring(kek)), plain);
  });

  it('errors thrown by a custom keyring reach the caller unchanged', async () => {
    const { enc, body } = await encryptBuffer(Buffer.from('x'), { keyring: new CekBoundAesKeyring(randomBytes(32)) });
    await assert.rejects(decryptBuffer(body, enc, new CekBoundAesKeyring(randomBytes(32))), { code: 'WrongKey' });
  });
});
