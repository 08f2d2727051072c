// Typed failures of the CSE engine. `code` equals the class name so the CLI and UI can match on it.
// Messages say what to do next and never contain key bytes or plaintext.

export type CryptoErrorCode =
  | 'WrongKey'
  | 'ContextMismatch'
  | 'CommitmentMismatch'
  | 'AuthenticationFailed'
  | 'InvalidMetadata'
  | 'LegacyDisabled'
  | 'UnsupportedAlgorithm';

export abstract class CseError extends Error {
  abstract readonly code: CryptoErrorCode;
}

/** The supplied key (AES, RSA or KMS) cannot unwrap this object's data key. */
export class WrongKey extends CseError {
  override readonly name = 'WrongKey';
  readonly code = 'WrongKey' as const;
}

/** The caller's encryption context (or material description) differs from the one stored with the object. */
export class ContextMismatch extends CseError {
  override readonly name = 'ContextMismatch';
  readonly code = 'ContextMismatch' as const;
}

/** V3: the stored key commitment (x-amz-d) does not match the data key, or the policy requires commitment. */
export class CommitmentMismatch extends CseError {
  override readonly name = 'CommitmentMismatch';
  readonly code = 'CommitmentMismatch' as const;
}

/** The GCM tag did not verify: the body was tampered with or truncated. No plaintext may be trusted. */
export class AuthenticationFailed extends CseError {
  override readonly name = 'AuthenticationFailed';
  readonly code = 'AuthenticationFailed' as const;
}

/** The envelope (metadata and/or instruction file) is missing, incomplete or inconsistent. */
export class InvalidMetadata extends CseError {
  override readonly name = 'InvalidMetadata';
  readonly code = 'InvalidMetadata' as const;
}

/** The object uses a legacy (V1-era) algorithm and legacy decryption was not enabled. */
export class LegacyDisabled extends CseError {
  override readonly name = 'LegacyDisabled';
  readonly code = 'LegacyDisabled' as const;
}

/** An algorithm or option this engine (or the chosen keyring) does not implement. */
export class UnsupportedAlgorithm extends CseError {
  override readonly name = 'UnsupportedAlgorithm';
  readonly code = 'UnsupportedAlgorithm' as const;
}

/** Asserting guard: throws an InvalidMetadata with `message` when `condition` is false. */
export function needsMetadata(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvalidMetadata(message);
}
