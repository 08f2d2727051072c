// Typed failures of an inventory audit: a stable `code` scripts can match and, where the user can change
// something, a hint each front end words its own way (never a CLI flag in a core message).
import { S3encError, optionHint, type HintOption } from '../errors';

export type InventoryErrorCode =
  | 'InventoryNotFound'
  | 'InventoryManifestInvalid'
  | 'InventoryChecksumMismatch'
  | 'InventoryFormatUnsupported'
  | 'InventoryDataInvalid'
  | 'AuditCancelled';

export class InventoryError extends S3encError {
  override readonly name = 'InventoryError';

  constructor(code: InventoryErrorCode, message: string, hint?: HintOption) {
    super(message, { code, hint: hint ? optionHint(hint) : undefined });
  }

  override get code(): InventoryErrorCode {
    return super.code as InventoryErrorCode;
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InventoryError('AuditCancelled', 'The audit was cancelled; nothing was counted.');
}
