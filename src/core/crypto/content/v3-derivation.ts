// V3 (ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY) key derivation, per key-derivation.md: HKDF-SHA512 with the
// 28-byte message id as salt; info = suite id (0x0073) || "DERIVEKEY" / "COMMITKEY".
import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { V3_COMMITMENT_BYTES, V3_SUITE_ID } from '../constants';
import { CommitmentMismatch } from '../errors';

export interface V3Keys {
  readonly encryptionKey: Buffer;
  readonly commitment: Buffer;
}

export function deriveV3Keys(dataKey: Buffer, messageId: Buffer): V3Keys {
  const info = (label: string): Buffer => Buffer.concat([V3_SUITE_ID, Buffer.from(label, 'utf8')]);
  const encryptionKey = Buffer.from(hkdfSync('sha512', dataKey, messageId, info('DERIVEKEY'), 32));
  const commitment = Buffer.from(hkdfSync('sha512', dataKey, messageId, info('COMMITKEY'), V3_COMMITMENT_BYTES));
  return { encryptionKey, commitment };
}

/** Derives the V3 content key and checks the stored commitment in constant time. */
export function deriveAndVerifyV3(dataKey: Buffer, messageId: Buffer, storedCommitment: Buffer): Buffer {
  const { encryptionKey, commitment } = deriveV3Keys(dataKey, messageId);
  const ok = storedCommitment.length === commitment.length && timingSafeEqual(storedCommitment, commitment);
  commitment.fill(0);
  if (!ok) {
    encryptionKey.fill(0);
    throw new CommitmentMismatch(
      'the stored key commitment (x-amz-d) does not match the data key: the object or its metadata was altered',
    );
  }
  return encryptionKey;
}
