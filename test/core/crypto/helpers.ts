// Small helpers for the crypto tests: keys, chunked streams, encrypt/decrypt in memory.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  AesKeyring,
  RsaKeyring,
  createDecryptor,
  createEncryptor,
  type EncryptOptions,
  type Encryptor,
  type Keyring,
} from '../../../src/core/crypto';

let rsa: { privateKey: string; publicKey: string } | undefined;
export function rsaPem(): { privateKey: string; publicKey: string } {
  rsa ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return rsa;
}

export const aesKey = randomBytes(32);
export const aesKeyring = (): Keyring => new AesKeyring(aesKey);
export const rsaKeyring = (): Keyring => new RsaKeyring({ privateKey: rsaPem().privateKey });

/** Splits `data` into chunks of the given sizes (cycled), to exercise stream boundaries. */
export function chunked(data: Buffer, sizes: number[] = [7, 4096, 1, 65536]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    parts.push(data.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

export async function encryptBuffer(plain: Buffer, options: EncryptOptions): Promise<{ enc: Encryptor; body: Buffer }> {
  const enc = await createEncryptor({ plaintextLength: plain.length, ...options });
  const body = await buffer(chunked(plain).pipe(enc.stream));
  return { enc, body };
}

export async function decryptBuffer(
  body: Buffer,
  enc: Pick<Encryptor, 'metadata' | 'instructionFile'>,
  keyring: Keyring,
  extra: { encryptionContext?: Record<string, string>; sizes?: number[] } = {},
): Promise<Buffer> {
  const dec = await createDecryptor({
    keyring,
    metadata: enc.metadata,
    instructionFile: enc.instructionFile?.body,
    encryptionContext: extra.encryptionContext,
  });
  return buffer(chunked(body, extra.sizes).pipe(dec.stream));
}
