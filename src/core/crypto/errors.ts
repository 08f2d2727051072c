// Typed failures of the CSE engine. `code` equals the class name so the CLI and UI can match on it.
// Messages say what to do next and never contain key bytes or plaintext; what the user can switch on or
// supply is the structured `hint`, which each front end words itself.
import { S3encError } from '../errors';

export type CryptoErrorCode =
  | 'WrongKey'
  | 'ContextMismatch'
  | 'CommitmentMismatch'
  | 'AuthenticationFailed'
  | 'InvalidMetadata'
  | 'LegacyDisabled'
  | 'UnsupportedAlgorithm'
  | 'DecryptPassFailed';

export abstract class CseError extends S3encError {
  abstract override readonly name: CryptoErrorCode;

  override get code(): CryptoErrorCode {
    return this.name;
  }
}

/** The supplied key (AES, RSA or KMS) cannot unwrap this object's data key. */
export class WrongKey extends CseError {
  override readonly name = 'WrongKey';
}

/** The caller's encryption context (or material description) differs from the one stored with the object. */
export class ContextMismatch extends CseError {
  override readonly name = 'ContextMismatch';
}

/** V3: the stored key commitment (x-amz-d) does not match the data key, or the policy requires commitment. */
export class CommitmentMismatch extends CseError {
  override readonly name = 'CommitmentMismatch';
}

/** The GCM tag did not verify: the body was tampered with or truncated. No plaintext may be trusted. */
export class AuthenticationFailed extends CseError {
  override readonly name = 'AuthenticationFailed';
}

/** The envelope (metadata and/or instruction file) is missing, incomplete or inconsistent. */
export class InvalidMetadata extends CseError {
  override readonly name = 'InvalidMetadata';
}

/** The object uses a legacy (V1-era) algorithm and legacy decryption was not enabled. */
export class LegacyDisabled extends CseError {
  override readonly name = 'LegacyDisabled';
}

/** An algorithm or option this engine (or the chosen keyring) does not implement. */
export class UnsupportedAlgorithm extends CseError {
  override readonly name = 'UnsupportedAlgorithm';
}

/** The tag verified, but decrypting the spooled body failed (a worker or the file); nothing was kept. */
export class DecryptPassFailed extends CseError {
  override readonly name = 'DecryptPassFailed';
}

/** Asserting guard: throws an InvalidMetadata with `message` when `condition` is false. */
export function needsMetadata(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvalidMetadata(message);
}
