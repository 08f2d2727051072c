// Messages between the audit and its worker threads.
import type { DataFileJob } from './audit-data-file';
import type { InventoryErrorCode } from './errors';
import type { TallyOptions, TallyState } from './tally';

export interface WorkerRequest {
  job: DataFileJob;
  options: TallyOptions;
}

export type WorkerReply =
  | { type: 'progress'; rows: number; bytes: number }
  | { type: 'done'; tally: TallyState }
  | { type: 'error'; code?: InventoryErrorCode; message: string };
