// Small helpers shared by the built-in keyrings.
import * as C from '../constants';
import { LegacyDisabled } from '../errors';
import type { UnwrapRequest } from '../types';

export function checkLegacyWrap(request: UnwrapRequest, name: string): void {
  if (!request.legacyAllowed) {
    throw new LegacyDisabled(`the data key uses the legacy "${name}" wrap; enable legacy decryption (--legacy) to read it`);
  }
}

/** Suggests which key option opens a data key wrapped with `wrap`. */
export function otherKeyringHint(wrap: string): string {
  if (wrap === C.WRAP_KMS_CONTEXT || wrap === C.WRAP_KMS_LEGACY) return 'use the KMS key (--kms-key-id) to read it';
  if (wrap === C.WRAP_RSA_OAEP_SHA1 || wrap === C.WRAP_RSA_OAEP_SHA256 || wrap === C.WRAP_V1_RSA_PKCS1) {
    return 'use the RSA private key (--rsa-key-file) to read it';
  }
  if (wrap === C.WRAP_AES_GCM || wrap === C.WRAP_AES_WRAP || wrap === C.WRAP_V1_AES_ECB) {
    return 'use the AES key (--aes-key-file) to read it';
  }
  return 'no built-in keyring handles that wrap algorithm';
}
