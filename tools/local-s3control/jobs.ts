// Batch Operations jobs held by the stand-in, with the state machine the S3 User Guide describes:
// New → Preparing → Suspended (ConfirmationRequired) → Ready → Active → Completing → Complete, or
// Cancelled / Failed. Field names and enums follow @aws-sdk/client-s3-control's models (JobDescriptor).
import type { XmlNode } from './xml';

export type JobStatus =
  | 'New'
  | 'Preparing'
  | 'Suspended'
  | 'Ready'
  | 'Active'
  | 'Pausing'
  | 'Paused'
  | 'Completing'
  | 'Complete'
  | 'Cancelling'
  | 'Cancelled'
  | 'Failing'
  | 'Failed';

export interface TaskResult {
  bucket: string;
  key: string;
  status: 'succeeded' | 'failed';
  errorCode?: string;
  httpStatus: number;
  message: string;
}

export interface Job {
  jobId: string;
  accountId: string;
  clientRequestToken: string;
  status: JobStatus;
  statusUpdateReason?: string;
  confirmationRequired: boolean;
  description?: string;
  priority: number;
  roleArn: string;
  operationName: string;
  /** Request subtrees kept as sent, echoed by DescribeJob. */
  operation: XmlNode;
  manifest?: XmlNode;
  manifestGenerator?: XmlNode;
  report: XmlNode;
  created: Date;
  terminated?: Date;
  activeSince?: number;
  activeSeconds: number;
  tasks: Array<{ bucket: string; key: string }>;
  results: TaskResult[];
  failureReasons: Array<{ code: string; reason: string }>;
}

export const TERMINAL: ReadonlySet<JobStatus> = new Set(['Complete', 'Cancelled', 'Failed']);

export function progressOf(job: Job): { total: number; succeeded: number; failed: number } {
  const failed = job.results.filter((r) => r.status === 'failed').length;
  return { total: job.tasks.length, succeeded: job.results.length - failed, failed };
}
