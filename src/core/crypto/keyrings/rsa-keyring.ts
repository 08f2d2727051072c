// RSA keyring. Writes RSA-OAEP-SHA1 over the V2 "pseudo data key" (1 length byte || data key || content
// algorithm name), as Java and Ruby do. Reads it back and, with legacy on, V1 RSA PKCS#1 v1.5 and
// RSA/ECB/OAEPWithSHA-256AndMGF1Padding (both MGF1 hashes tried).
import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import * as C from '../constants';
import { UnsupportedAlgorithm, WrongKey } from '../errors';
import type { Keyring, UnwrapRequest, WrapRequest, WrappedDataKey } from '../types';
import { checkLegacyWrap, wrongKeyringError } from './keyring-support';
import { decodeOaep, decodePkcs1v15 } from './rsa-padding';

/** PEM text, DER bytes (PKCS#8/PKCS#1 private, SPKI/PKCS#1 public) or a KeyObject. */
export type RsaKeyInput = string | Uint8Array | KeyObject;

export interface RsaKeyringOptions {
  /** Encrypts (wraps). Derived from privateKey when omitted. */
  publicKey?: RsaKeyInput;
  /** Decrypts (unwraps). */
  privateKey?: RsaKeyInput;
}

export class RsaKeyring implements Keyring {
  readonly description: string;
  readonly unwrapAlgorithms = [C.WRAP_RSA_OAEP_SHA1, C.WRAP_RSA_OAEP_SHA256, C.WRAP_V1_RSA_PKCS1, ''] as const;
  private readonly publicKey?: KeyObject;
  private readonly privateKey?: KeyObject;

  constructor(options: RsaKeyringOptions) {
    this.privateKey = options.privateKey === undefined ? undefined : loadKey(options.privateKey, 'private');
    this.publicKey =
      options.publicKey !== undefined
        ? loadKey(options.publicKey, 'public')
        : this.privateKey && createPublicKey(this.privateKey);
    if (!this.publicKey) throw new WrongKey('an RSA keyring needs a public key, a private key, or both');
    if (this.publicKey.asymmetricKeyType !== 'rsa') throw new WrongKey('the key is not an RSA key');
    const bits = this.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    this.description = `RSA-${bits} ${this.privateKey ? 'private' : 'public'} key`;
  }

  async wrap(request: WrapRequest): Promise<WrappedDataKey> {
    const dataKey = randomBytes(32);
    const pseudo = Buffer.concat([Buffer.from([dataKey.length]), dataKey, Buffer.from(C.CEK_GCM, 'utf8')]);
    const encryptedDataKey = publicEncrypt(
      { key: this.publicKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      pseudo,
    );
    pseudo.fill(0);
    return {
      dataKey,
      encryptedDataKey,
      wrapAlgorithm: C.WRAP_RSA_OAEP_SHA1,
      description: { ...request.encryptionContext },
      descriptionKind: 'material-description',
    };
  }

  async unwrap(request: UnwrapRequest): Promise<Buffer> {
    const wrap = request.wrapAlgorithm;
    if (![C.WRAP_RSA_OAEP_SHA1, C.WRAP_RSA_OAEP_SHA256, C.WRAP_V1_RSA_PKCS1, ''].includes(wrap)) {
      throw wrongKeyringError(wrap);
    }
    if (!this.privateKey)
      throw new WrongKey('decrypting needs the RSA private key; this keyring holds only the public key');
    if (wrap === C.WRAP_RSA_OAEP_SHA1) return this.unwrapPseudoKey(request);
    checkLegacyWrap(request, wrap || C.WRAP_V1_RSA_PKCS1);
    const em = this.rawDecrypt(request.encryptedDataKey);
    const key =
      wrap === C.WRAP_RSA_OAEP_SHA256
        ? (decodeOaep(em, 'sha256', 'sha256') ?? decodeOaep(em, 'sha256', 'sha1'))
        : decodePkcs1v15(em);
    em.fill(0);
    if (!key) throw new WrongKey(`this ${this.description} cannot unwrap the data key: wrong RSA key`);
    return key;
  }

  private unwrapPseudoKey(request: UnwrapRequest): Buffer {
    let pseudo: Buffer;
    try {
      pseudo = privateDecrypt(
        { key: this.privateKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        request.encryptedDataKey,
      );
    } catch {
      throw new WrongKey(
        `this ${this.description} cannot unwrap the data key: wrong RSA key, or the wrapped key was altered`,
      );
    }
    const len = pseudo[0] ?? 0;
    const suffix = pseudo.subarray(1 + len).toString('utf8');
    const key = Buffer.from(pseudo.subarray(1, 1 + len));
    pseudo.fill(0);
    if (![16, 24, 32].includes(len) || key.length !== len) {
      throw new WrongKey('the RSA-wrapped data key has an invalid length: wrong key or altered envelope');
    }
    if (suffix !== C.CEK_GCM && suffix !== request.cekAlgorithm) {
      key.fill(0);
      throw new UnsupportedAlgorithm(`the RSA-wrapped key is bound to "${suffix}", not to ${request.cekAlgorithm}`);
    }
    return key;
  }

  private rawDecrypt(data: Buffer): Buffer {
    try {
      return privateDecrypt({ key: this.privateKey!, padding: constants.RSA_NO_PADDING }, data);
    } catch {
      throw new WrongKey(`this ${this.description} cannot unwrap the data key: wrong RSA key`);
    }
  }
}

function loadKey(input: RsaKeyInput, kind: 'public' | 'private'): KeyObject {
  if (typeof input === 'object' && 'type' in input && 'export' in input) return input;
  const create = kind === 'private' ? createPrivateKey : createPublicKey;
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.includes('-----BEGIN')) {
    try {
      return create({ key: text, format: 'pem' });
    } catch {
      throw new WrongKey(`the ${kind} RSA key PEM could not be parsed`);
    }
  }
  const der = Buffer.from(input);
  const types = kind === 'private' ? (['pkcs8', 'pkcs1'] as const) : (['spki', 'pkcs1'] as const);
  for (const type of types) {
    try {
      return kind === 'private'
        ? createPrivateKey({ key: der, format: 'der', type: type as 'pkcs8' | 'pkcs1' })
        : createPublicKey({ key: der, format: 'der', type: type as 'spki' | 'pkcs1' });
    } catch {
      // try the next DER structure
    }
  }
  throw new WrongKey(`the ${kind} RSA key is neither PEM nor DER (${types.join('/')})`);
}
