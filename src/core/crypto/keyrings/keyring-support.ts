// Small helpers shared by the built-in keyrings.
import * as C from '../constants';
import { optionHint, type Hint } from '../../errors';
import { LegacyDisabled, WrongKey } from '../errors';
import type { UnwrapRequest } from '../types';

export function checkLegacyWrap(request: UnwrapRequest, name: string): void {
  if (!request.legacyAllowed) {
    throw new LegacyDisabled(`the data key uses the legacy "${name}" wrap; enable legacy decryption to read it`, {
      hint: optionHint('legacy'),
    });
  }
}

/** Which key opens a data key wrapped with `wrap`: advice for the message, and the hint front ends word. */
export function otherKeyring(wrap: string): { advice: string; hint?: Hint } {
  if (wrap === C.WRAP_KMS_CONTEXT || wrap === C.WRAP_KMS_LEGACY)
    return { advice: 'use the KMS key to read it', hint: optionHint('kmsKey') };
  if (wrap === C.WRAP_RSA_OAEP_SHA1 || wrap === C.WRAP_RSA_OAEP_SHA256 || wrap === C.WRAP_V1_RSA_PKCS1) {
    return { advice: 'use the RSA private key to read it', hint: optionHint('rsaKey') };
  }
  if (wrap === C.WRAP_AES_GCM || wrap === C.WRAP_AES_WRAP || wrap === C.WRAP_V1_AES_ECB) {
    return { advice: 'use the AES key to read it', hint: optionHint('aesKey') };
  }
  return { advice: 'no built-in keyring handles that wrap algorithm' };
}

/** The WrongKey a keyring throws for a data key wrapped with another kind of key. */
export function wrongKeyringError(wrap: string): WrongKey {
  const other = otherKeyring(wrap);
  return new WrongKey(`this object's data key is wrapped with "${wrap}"; ${other.advice}`, { hint: other.hint });
}
