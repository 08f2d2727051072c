// s3enc jobs: lists S3 Batch Operations jobs, shows one, and confirms, cancels or re-prioritises it.
import { parseArgs } from 'node:util';
import {
  createS3ControlClient,
  describeJob,
  jobPercent,
  listJobs,
  setJobPriority,
  setJobStatus,
  type JobDetails,
} from '../../core/batch';
import type { CliCommand } from '../command';
import { connectionFromFlags, connectionOptionSpecs } from '../connection-options';
import { UsageError } from '../errors';
import { parseIntegerOption } from '../integer-option';

const HELP = `Usage: s3enc jobs [--account-id ID] [JOB-ID] [options]

Without JOB-ID, lists the account's Batch Operations jobs; with it, shows that job.
  --account-id ID          the AWS account (or $AWS_ACCOUNT_ID)
  --confirm                let a job waiting for confirmation run (UpdateJobStatus Ready)
  --cancel                 cancel the job (UpdateJobStatus Cancelled)
  --priority N             change the job's priority (UpdateJobPriority)
  --json                   machine-readable output
  --control-endpoint URL   S3 Control endpoint (default: AWS's for the region)
  --profile P, --region R  as for s3enc ls
`;

export const jobsCommand: CliCommand = {
  name: 'jobs',
  summary: 'List and show S3 Batch Operations jobs; confirm, cancel or re-prioritise one',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        'account-id': { type: 'string' },
        confirm: { type: 'boolean', default: false },
        cancel: { type: 'boolean', default: false },
        priority: { type: 'string' },
        json: { type: 'boolean', default: false },
        'control-endpoint': { type: 'string' },
        ...connectionOptionSpecs,
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const accountId = values['account-id'] ?? process.env.AWS_ACCOUNT_ID;
    if (!accountId || !/^\d{12}$/.test(accountId))
      throw new UsageError('give --account-id with the 12-digit AWS account id (or set $AWS_ACCOUNT_ID)');
    if (positionals.length > 1) throw new UsageError('expected at most one JOB-ID');
    const jobId = positionals[0];
    if ((values.confirm || values.cancel || values.priority !== undefined) && !jobId)
      throw new UsageError('--confirm, --cancel and --priority need a JOB-ID');
    if (values.confirm && values.cancel) throw new UsageError('--confirm and --cancel exclude each other');
    const priority =
      values.priority === undefined ? undefined : parseIntegerOption('priority', values.priority, 0, 2147483647);
    const client = createS3ControlClient(connectionFromFlags(values), { endpoint: values['control-endpoint'] });
    try {
      if (!jobId) {
        const jobs = await listJobs(client, accountId);
        if (values.json) process.stdout.write(`${JSON.stringify(jobs)}\n`);
        else if (!jobs.length) process.stdout.write('No Batch Operations jobs.\n');
        else
          for (const j of jobs)
            process.stdout.write(
              `${j.jobId}  ${j.status.padEnd(10)} ${String(jobPercent(j)).padStart(3)}%  ${j.operation ?? ''}  ${j.description ?? ''}\n`,
            );
        return 0;
      }
      if (values.confirm) await setJobStatus(client, accountId, jobId, 'Ready', 'confirmed with s3enc jobs --confirm');
      if (values.cancel)
        await setJobStatus(client, accountId, jobId, 'Cancelled', 'cancelled with s3enc jobs --cancel');
      if (priority !== undefined) await setJobPriority(client, accountId, jobId, priority);
      const job = await describeJob(client, accountId, jobId);
      process.stdout.write(values.json ? `${JSON.stringify(job)}\n` : formatJob(job));
      return 0;
    } finally {
      client.destroy();
    }
  },
};

function formatJob(j: JobDetails): string {
  const lines = [
    `Job ${j.jobId}: ${j.status}${j.statusUpdateReason ? ` (${j.statusUpdateReason})` : ''}`,
    `  operation: ${j.operation ?? 'unknown'}, priority ${j.priority ?? '?'}`,
    `  progress: ${j.succeeded ?? 0} succeeded, ${j.failed ?? 0} failed of ${j.total ?? '?'} (${jobPercent(j)}%)`,
  ];
  if (j.description) lines.push(`  description: ${j.description}`);
  if (j.reportLocation) lines.push(`  completion report: ${j.reportLocation}`);
  for (const f of j.failureReasons) lines.push(`  failure: ${f}`);
  return `${lines.join('\n')}\n`;
}
