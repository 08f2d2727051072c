// Raw AES keyring. Writes the AES/GCM wrap (iv || ciphertext || tag, AAD = "AES/GCM/NoPadding", as the
// Java/Ruby clients do). Reads AES/GCM and, with legacy on, V1 AES/ECB and AESWrap (RFC 3394).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as C from '../constants';
import { AuthenticationFailed, UnsupportedAlgorithm, WrongKey } from '../errors';
import type { Keyring, UnwrapRequest, WrapRequest, WrappedDataKey } from '../types';
import { aesCipherName } from '../content/aes-names';
import { checkLegacyWrap, wrongKeyringError } from './keyring-support';

const WRAP_AAD = Buffer.from(C.CEK_GCM, 'utf8');

export class AesKeyring implements Keyring {
  readonly description: string;
  readonly unwrapAlgorithms = [C.WRAP_AES_GCM, C.WRAP_V1_AES_ECB, C.WRAP_AES_WRAP, ''] as const;
  private readonly key: Buffer;

  /** @param key 16, 24 or 32 raw key bytes (256-bit required to write). The bytes are copied. */
  constructor(key: Uint8Array) {
    if (![16, 24, 32].includes(key.length)) {
      throw new WrongKey(`an AES key must be 16, 24 or 32 bytes; got ${key.length}`);
    }
    this.key = Buffer.from(key);
    this.description = `AES-${key.length * 8} key`;
  }

  async wrap(request: WrapRequest): Promise<WrappedDataKey> {
    if (this.key.length !== 32) {
      throw new UnsupportedAlgorithm(`writing requires a 256-bit AES key; this is ${this.description}`);
    }
    const dataKey = randomBytes(32);
    const iv = randomBytes(C.GCM_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(WRAP_AAD);
    const sealed = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return {
      dataKey,
      encryptedDataKey: Buffer.concat([iv, sealed]),
      wrapAlgorithm: C.WRAP_AES_GCM,
      description: { ...request.encryptionContext },
      descriptionKind: 'material-description',
    };
  }

  async unwrap(request: UnwrapRequest): Promise<Buffer> {
    const edk = request.encryptedDataKey;
    switch (request.wrapAlgorithm) {
      case C.WRAP_AES_GCM:
        return this.unwrapGcm(edk, request.cekAlgorithm);
      case '':
      case C.WRAP_V1_AES_ECB:
        checkLegacyWrap(request, 'AES/ECB');
        return this.legacyDecrypt(() => {
          const d = createDecipheriv(aesCipherName('ecb', this.key), this.key, null);
          return Buffer.concat([d.update(edk), d.final()]);
        });
      case C.WRAP_AES_WRAP:
        checkLegacyWrap(request, C.WRAP_AES_WRAP);
        return this.legacyDecrypt(() => {
          const d = createDecipheriv(
            `id-aes${this.key.length * 8}-wrap`,
            this.key,
            Buffer.from('A6A6A6A6A6A6A6A6', 'hex'),
          );
          return Buffer.concat([d.update(edk), d.final()]);
        });
      default:
        throw wrongKeyringError(request.wrapAlgorithm);
    }
  }

  /** Overwrites the key bytes; the keyring is unusable afterwards. */
  destroy(): void {
    this.key.fill(0);
  }

  private unwrapGcm(edk: Buffer, cekAlgorithm: string): Buffer {
    if (edk.length < C.GCM_IV_BYTES + C.GCM_TAG_BYTES + 16) {
      throw new AuthenticationFailed('the AES/GCM-wrapped data key is too short: the envelope was altered');
    }
    // Writers bind "AES/GCM/NoPadding"; for V3 also accept the stored content algorithm ("115") as AAD,
    // in case another implementation binds that. Both are authenticated, so trying both is safe.
    const aads = cekAlgorithm === C.CEK_GCM ? [WRAP_AAD] : [WRAP_AAD, Buffer.from(cekAlgorithm, 'utf8')];
    for (const aad of aads) {
      const key = this.tryGcmUnwrap(edk, aad);
      if (key) return key;
    }
    // Indistinguishable by design: a different AES key and a modified wrapped key fail the same tag.
    throw new AuthenticationFailed(
      `the data key did not authenticate under this ${this.description}: wrong AES key, or the wrapped key was altered`,
    );
  }

  private tryGcmUnwrap(edk: Buffer, aad: Buffer): Buffer | undefined {
    const iv = edk.subarray(0, C.GCM_IV_BYTES);
    const d = createDecipheriv(aesCipherName('gcm', this.key) as 'aes-256-gcm', this.key, iv);
    d.setAAD(aad);
    d.setAuthTag(edk.subarray(edk.length - C.GCM_TAG_BYTES));
    const opened = d.update(edk.subarray(C.GCM_IV_BYTES, edk.length - C.GCM_TAG_BYTES));
    try {
      return Buffer.concat([opened, d.final()]);
    } catch {
      opened.fill(0); // tag failed: discard the unauthenticated bytes
      return undefined;
    }
  }

  private legacyDecrypt(run: () => Buffer): Buffer {
    try {
      return run();
    } catch {
      throw new WrongKey(`this ${this.description} cannot unwrap the legacy data key: wrong AES key`);
    }
  }
}
