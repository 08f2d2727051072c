// Streaming decryption. The returned Transform releases plaintext as it goes and fails with
// AuthenticationFailed at the end if the GCM tag does not verify; use decryptToFile when nothing may be
// released before authentication.
import type { Transform } from 'node:stream';
import * as C from './constants';
import { createCbcDecryptStream } from './content/cbc-decrypt-stream';
import { createContentDecryption, type ContentDecryption } from './content/content-decryption';
import { createGcmDecryptStream } from './content/gcm-decrypt-stream';
import { inspectEnvelope } from './envelope/inspect';
import { prepareDecryption, type DecryptOptions } from './materials';
import type { EnvelopeInfo } from './types';

export type { DecryptOptions } from './materials';

export interface Decryptor {
  /** Single-use ciphertext(+tag) -> plaintext Transform. Errors with a typed CseError. */
  readonly stream: Transform;
  readonly envelope: EnvelopeInfo;
  /** Whether the end of the stream authenticates the content (false only for legacy AES-CBC). */
  readonly authenticated: boolean;
}

/**
 * Unwraps the data key (KMS calls happen here) and returns the decrypting stream. Envelope, policy and key
 * errors are thrown here, before any byte of the body is read.
 */
export async function createDecryptor(options: DecryptOptions): Promise<Decryptor> {
  const materials = await prepareDecryption(options);
  const { envelope: env, contentKey, iv, aad } = materials;
  try {
    const gcm = env.cekAlgorithm !== C.CEK_CBC;
    const stream = gcm ? createGcmDecryptStream(contentKey, iv, aad) : createCbcDecryptStream(contentKey, iv);
    const info = inspectEnvelope(options.metadata, instructionText(options.instructionFile));
    return { stream, envelope: info, authenticated: gcm };
  } finally {
    contentKey.fill(0);
  }
}

/**
 * Like createDecryptor, for callers that authenticate the whole body before releasing any plaintext (see
 * ciphertext-spool.ts): two passes instead of a stream.
 */
export async function createContentDecryptor(
  options: DecryptOptions,
): Promise<{ content: ContentDecryption; envelope: EnvelopeInfo }> {
  const materials = await prepareDecryption(options);
  const { envelope: env, contentKey, iv, aad } = materials;
  try {
    const content = createContentDecryption(env.cekAlgorithm, contentKey, iv, aad);
    return { content, envelope: inspectEnvelope(options.metadata, instructionText(options.instructionFile)) };
  } finally {
    contentKey.fill(0);
  }
}

function instructionText(body: string | Uint8Array | undefined): string | undefined {
  return body === undefined || typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}
