// Batch Operations jobs as plain data for the CLI and the tree: list, describe, confirm/cancel, priority.
import {
  DescribeJobCommand,
  ListJobsCommand,
  S3ControlClient,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
  type JobDescriptor,
  type JobListDescriptor,
} from '@aws-sdk/client-s3-control';

export interface JobSummary {
  jobId: string;
  status: string;
  operation?: string;
  description?: string;
  priority?: number;
  created?: string;
  total?: number;
  succeeded?: number;
  failed?: number;
}

export interface JobDetails extends JobSummary {
  failureReasons: string[];
  statusUpdateReason?: string;
  /** s3://bucket/prefix/job-<id>/ where the completion report is written. */
  reportLocation?: string;
  manifest?: string;
  roleArn?: string;
  terminationDate?: string;
}

export function summariseJob(j: JobListDescriptor | JobDescriptor): JobSummary {
  const p = j.ProgressSummary;
  return {
    jobId: j.JobId ?? '',
    status: j.Status ?? 'Unknown',
    operation:
      'Operation' in j && typeof j.Operation === 'string'
        ? j.Operation
        : j.Operation && typeof j.Operation === 'object'
          ? Object.keys(j.Operation).find((k) => (j.Operation as Record<string, unknown>)[k])
          : undefined,
    description: j.Description,
    priority: j.Priority,
    created: j.CreationTime?.toISOString(),
    total: p?.TotalNumberOfTasks,
    succeeded: p?.NumberOfTasksSucceeded,
    failed: p?.NumberOfTasksFailed,
  };
}

export async function listJobs(client: S3ControlClient, accountId: string): Promise<JobSummary[]> {
  const out: JobSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListJobsCommand({ AccountId: accountId, NextToken: token }));
    for (const j of page.Jobs ?? []) out.push(summariseJob(j));
    token = page.NextToken;
  } while (token);
  return out;
}

export async function describeJob(client: S3ControlClient, accountId: string, jobId: string): Promise<JobDetails> {
  const out = await client.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }));
  const j = out.Job ?? {};
  const report = j.Report;
  const reportBucket = report?.Bucket?.replace(/^arn:aws[a-z-]*:s3:::/, '');
  return {
    ...summariseJob(j),
    failureReasons: (j.FailureReasons ?? []).map((f) => `${f.FailureCode ?? ''}: ${f.FailureReason ?? ''}`.trim()),
    statusUpdateReason: j.StatusUpdateReason,
    reportLocation:
      report?.Enabled && reportBucket
        ? `s3://${reportBucket}/${report.Prefix ? `${report.Prefix}/` : ''}job-${j.JobId}/`
        : undefined,
    manifest: j.Manifest?.Location?.ObjectArn,
    roleArn: j.RoleArn,
    terminationDate: j.TerminationDate?.toISOString(),
  };
}

/** Confirms a job waiting in Suspended (ConfirmationRequired) or cancels it. */
export async function setJobStatus(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
  status: 'Ready' | 'Cancelled',
  reason?: string,
): Promise<string> {
  const out = await client.send(
    new UpdateJobStatusCommand({
      AccountId: accountId,
      JobId: jobId,
      RequestedJobStatus: status,
      ...(reason ? { StatusUpdateReason: reason } : {}),
    }),
  );
  return out.Status ?? 'Unknown';
}

export async function setJobPriority(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
  priority: number,
): Promise<number> {
  const out = await client.send(
    new UpdateJobPriorityCommand({ AccountId: accountId, JobId: jobId, Priority: priority }),
  );
  return out.Priority ?? priority;
}

/** Percent done from a job's progress (0 when unknown). */
export function jobPercent(j: Pick<JobSummary, 'total' | 'succeeded' | 'failed'>): number {
  if (!j.total) return 0;
  return Math.floor((((j.succeeded ?? 0) + (j.failed ?? 0)) * 100) / j.total);
}
