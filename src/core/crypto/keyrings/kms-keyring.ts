// KMS keyring: GenerateDataKey / Decrypt with the encryption context bound to the data key. The stored
// context (x-amz-matdesc for V2, x-amz-t for V3) is the caller's context plus aws:x-amz-cek-alg; it is
// sent back to KMS verbatim on Decrypt. The legacy `kms` wrap stores {"kms_cmk_id": keyId} instead.
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import * as C from '../constants';
import { ContextMismatch, InvalidMetadata, WrongKey } from '../errors';
import type { Keyring, StringMap, UnwrapRequest, WrapRequest, WrappedDataKey } from '../types';
import { optionHint } from '../../errors';
import { checkLegacyWrap, wrongKeyringError } from './keyring-support';

/** The two KMS calls the keyring needs; implement it to use something other than @aws-sdk/client-kms. */
export interface KmsDataKeyPort {
  generateDataKey(input: {
    KeyId: string;
    KeySpec: 'AES_256';
    EncryptionContext: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array }>;
  decrypt(input: {
    KeyId?: string;
    CiphertextBlob: Uint8Array;
    EncryptionContext: Record<string, string>;
  }): Promise<{ Plaintext?: Uint8Array }>;
}

export interface KmsKeyringOptions {
  /** A configured KMSClient (region, endpoint, credentials), or your own port. */
  kms: KMSClient | KmsDataKeyPort;
  /** Key id, ARN or alias used to generate data keys and passed on Decrypt. */
  keyId: string;
}

// KMS error names that mean "this key/context cannot open this blob", as opposed to network or auth errors.
const WRONG_KEY_ERRORS = new Set(['InvalidCiphertextException', 'IncorrectKeyException', 'NotFoundException']);

export class KmsKeyring implements Keyring {
  readonly description: string;
  readonly unwrapAlgorithms = [C.WRAP_KMS_CONTEXT, C.WRAP_KMS_LEGACY] as const;
  private readonly port: KmsDataKeyPort;

  constructor(private readonly options: KmsKeyringOptions) {
    if (!options.keyId) throw new WrongKey('a KMS keyring needs a key id', { hint: optionHint('kmsKey') });
    this.port = 'send' in options.kms ? portFromClient(options.kms) : options.kms;
    this.description = `KMS key ${options.keyId}`;
  }

  async wrap(request: WrapRequest): Promise<WrappedDataKey> {
    if (C.RESERVED_CEK_CONTEXT_KEY in request.encryptionContext) {
      throw new ContextMismatch(
        `the encryption context must not contain the reserved key ${C.RESERVED_CEK_CONTEXT_KEY}`,
      );
    }
    const context = { ...request.encryptionContext, [C.RESERVED_CEK_CONTEXT_KEY]: request.cekAlgorithm };
    const out = await this.port.generateDataKey({
      KeyId: this.options.keyId,
      KeySpec: 'AES_256',
      EncryptionContext: context,
    });
    if (!out.Plaintext || !out.CiphertextBlob || out.Plaintext.length !== 32) {
      throw new WrongKey(`KMS GenerateDataKey for ${this.options.keyId} returned no usable 256-bit data key`);
    }
    const dataKey = Buffer.from(out.Plaintext);
    out.Plaintext.fill(0);
    return {
      dataKey,
      encryptedDataKey: Buffer.from(out.CiphertextBlob),
      wrapAlgorithm: C.WRAP_KMS_CONTEXT,
      description: context,
      descriptionKind: 'encryption-context',
    };
  }

  async unwrap(request: UnwrapRequest): Promise<Buffer> {
    if (request.wrapAlgorithm === C.WRAP_KMS_CONTEXT) {
      const bound = request.storedDescription[C.RESERVED_CEK_CONTEXT_KEY];
      if (bound !== request.cekAlgorithm) {
        throw new InvalidMetadata(
          `the stored encryption context binds ${C.RESERVED_CEK_CONTEXT_KEY}="${bound ?? ''}" but the content algorithm is ${request.cekAlgorithm}`,
        );
      }
    } else if (request.wrapAlgorithm === C.WRAP_KMS_LEGACY) {
      checkLegacyWrap(request, C.WRAP_KMS_LEGACY);
    } else {
      throw wrongKeyringError(request.wrapAlgorithm);
    }
    return this.decrypt(request.encryptedDataKey, request.storedDescription);
  }

  private async decrypt(blob: Buffer, context: StringMap): Promise<Buffer> {
    let out: { Plaintext?: Uint8Array };
    try {
      out = await this.port.decrypt({
        KeyId: this.options.keyId,
        CiphertextBlob: blob,
        EncryptionContext: { ...context },
      });
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (WRONG_KEY_ERRORS.has(name)) {
        throw new WrongKey(
          `KMS refused to decrypt the data key with ${this.options.keyId} (${name}): wrong KMS key, or the stored key or context was altered`,
        );
      }
      throw err;
    }
    if (!out.Plaintext) throw new WrongKey('KMS Decrypt returned no plaintext data key');
    const dataKey = Buffer.from(out.Plaintext);
    out.Plaintext.fill(0);
    return dataKey;
  }
}

function portFromClient(client: KMSClient): KmsDataKeyPort {
  return {
    generateDataKey: (input) => client.send(new GenerateDataKeyCommand(input)),
    decrypt: (input) => client.send(new DecryptCommand(input)),
  };
}
