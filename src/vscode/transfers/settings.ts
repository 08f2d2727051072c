// Typed reads of the `s3enc.transfers.*` settings.
import * as vscode from 'vscode';
import { DEFAULT_CSE_MEMORY_BYTES } from '../../core/crypto';
import { parseMandatoryRules, type MandatoryModeRule } from '../../core/transfer/mandatory-mode';
import { MIB, type MultipartSettings } from '../../core/transfer/upload';

export interface TransferSettings {
  multipart: MultipartSettings;
  allowSseCOverHttpLoopback: boolean;
  mandatoryModes: MandatoryModeRule[];
  /** Problems in the mandatory-modes setting, shown once to the user. */
  settingProblems: string[];
  /** KMS endpoint for CSE with KMS keys (custom / local KMS); AWS's regional endpoint when empty. */
  kmsEndpoint?: string;
  openMaxBytes: number;
  /** CSE downloads up to this size are authenticated in memory and written once; bigger ones spool to disk. */
  cseMemoryBytes: number;
}

export function readTransferSettings(): TransferSettings {
  const c = vscode.workspace.getConfiguration('s3enc.transfers');
  const { rules, problems } = parseMandatoryRules(c.get<unknown>('mandatoryModes', []));
  return {
    multipart: {
      thresholdBytes: c.get<number>('multipartThresholdMiB', 16) * MIB,
      partSizeBytes: c.get<number>('partSizeMiB', 16) * MIB,
      concurrency: c.get<number>('concurrency', 4),
    },
    allowSseCOverHttpLoopback: c.get<boolean>('allowSseCOverHttpLoopback', false),
    mandatoryModes: rules,
    settingProblems: problems,
    kmsEndpoint: c.get<string>('kmsEndpoint') || undefined,
    openMaxBytes: c.get<number>('openMaxMiB', 5) * MIB,
    cseMemoryBytes: c.get<number>('cseMemoryMiB', DEFAULT_CSE_MEMORY_BYTES / MIB) * MIB,
  };
}
