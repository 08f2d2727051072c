// What the transfer flows remember in workspace state: the last location picked in the palette flow and the
// mode last used per bucket. Only names and ids are stored, never key material.
import type * as vscode from 'vscode';
import type { WriteMode } from '../../core/encryption/modes';

/** A write mode as remembered and offered again: keys are referenced by key-store name. */
export interface WriteModeSpec {
  mode: WriteMode;
  kmsKeyId?: string;
  kmsContext?: Record<string, string>;
  bucketKey?: boolean;
  /** Key-store name: the SSE-C key, or the CSE key (AES, RSA or KMS reference). */
  keyName?: string;
  format?: 'v2' | 'v3';
  envelope?: 'metadata' | 'instruction-file';
}

export interface LastLocation {
  connectionId: string;
  bucket: string;
  prefix: string;
}

export class RememberedChoices {
  constructor(private readonly state: vscode.Memento) {}

  modeFor(connectionId: string, bucket: string): WriteModeSpec | undefined {
    return this.state.get<WriteModeSpec>(`s3enc.transfers.mode:${connectionId}/${bucket}`);
  }

  async rememberMode(connectionId: string, bucket: string, spec: WriteModeSpec): Promise<void> {
    await this.state.update(`s3enc.transfers.mode:${connectionId}/${bucket}`, spec);
  }

  lastLocation(): LastLocation | undefined {
    return this.state.get<LastLocation>('s3enc.transfers.lastLocation');
  }

  async rememberLocation(loc: LastLocation): Promise<void> {
    await this.state.update('s3enc.transfers.lastLocation', loc);
  }
}
