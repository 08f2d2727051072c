// The S3 Control REST-XML API for Batch Operations jobs (CreateJob, DescribeJob, ListJobs, UpdateJobStatus,
// UpdateJobPriority): routes, request fields and response element names follow the operation shapes in
// @aws-sdk/client-s3-control's models; error bodies follow S3 Control's documented
// <ErrorResponse><Error><Code/><Message/></Error></ErrorResponse>. Labelled a stand-in on every answer.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TERMINAL, progressOf, type Job } from './jobs';
import type { JobRunner } from './job-runner';
import { StandInError } from './object-encryption-change';
import { child, childText, parseXml, toXml, writeXml } from './xml';

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

export interface ControlApiOptions {
  accountId: string;
  runner: JobRunner;
}

export class ControlApi {
  readonly jobs = new Map<string, Job>();

  constructor(private readonly opts: ControlApiOptions) {}

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const parts = url.pathname.split('/').filter(Boolean);
    try {
      if (parts[0] !== 'v20180820' || parts[1] !== 'jobs')
        throw new StandInError(404, 'NotFound', `The stand-in has no S3 Control route ${req.method} ${url.pathname}.`);
      const account = req.headers['x-amz-account-id'];
      if (account !== this.opts.accountId)
        throw new StandInError(
          403,
          'AccessDenied',
          `Access Denied: the stand-in serves account ${this.opts.accountId}, the request names ${String(account)}.`,
        );
      const id = parts[2] ? decodeURIComponent(parts[2]) : undefined;
      if (req.method === 'POST' && !id) return send(res, 200, 'CreateJobResult', { JobId: this.createJob(body) });
      if (req.method === 'GET' && !id)
        return send(res, 200, 'ListJobsResult', this.listJobs(url.searchParams.getAll('jobStatuses')));
      const job = id ? this.jobs.get(id) : undefined;
      if (!job) throw new StandInError(404, 'NotFoundException', `The job ${id} was not found.`);
      if (req.method === 'GET' && parts.length === 3)
        return send(res, 200, 'DescribeJobResult', { Job: { xml: describe(job) } });
      if (req.method === 'POST' && parts[3] === 'status')
        return send(
          res,
          200,
          'UpdateJobStatusResult',
          this.updateStatus(
            job,
            url.searchParams.get('requestedJobStatus'),
            url.searchParams.get('statusUpdateReason') ?? undefined,
          ),
        );
      if (req.method === 'POST' && parts[3] === 'priority')
        return send(res, 200, 'UpdateJobPriorityResult', this.updatePriority(job, url.searchParams.get('priority')));
      throw new StandInError(404, 'NotFound', `The stand-in has no S3 Control route ${req.method} ${url.pathname}.`);
    } catch (err) {
      const e =
        err instanceof StandInError ? err : new StandInError(500, 'InternalServiceException', (err as Error).message);
      sendError(res, e);
    }
  }

  private createJob(body: Buffer): string {
    let doc;
    try {
      doc = parseXml(body.toString('utf8'));
    } catch (err) {
      throw new StandInError(
        400,
        'BadRequestException',
        `The request body is not valid XML: ${(err as Error).message}`,
      );
    }
    if (doc.name !== 'CreateJobRequest')
      throw new StandInError(400, 'BadRequestException', `Expected CreateJobRequest, got ${doc.name}.`);
    const token = childText(doc, 'ClientRequestToken');
    if (!token) throw new StandInError(400, 'BadRequestException', 'ClientRequestToken is required.');
    const existing = [...this.jobs.values()].find((j) => j.clientRequestToken === token);
    if (existing) return existing.jobId;
    const operation = child(doc, 'Operation');
    const operationName = operation?.children[0]?.name;
    if (!operation || operation.children.length !== 1 || !operationName)
      throw new StandInError(400, 'BadRequestException', 'Operation must name exactly one operation.');
    const roleArn = childText(doc, 'RoleArn');
    if (!roleArn || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn))
      throw new StandInError(400, 'BadRequestException', 'RoleArn must be an IAM role ARN.');
    const report = child(doc, 'Report');
    if (!report) throw new StandInError(400, 'BadRequestException', 'Report is required.');
    const manifest = child(doc, 'Manifest');
    const manifestGenerator = child(doc, 'ManifestGenerator');
    if (!manifest === !manifestGenerator)
      throw new StandInError(400, 'BadRequestException', 'Give exactly one of Manifest and ManifestGenerator.');
    const priority = Number(childText(doc, 'Priority'));
    if (!Number.isInteger(priority) || priority < 0)
      throw new StandInError(400, 'BadRequestException', 'Priority must be a non-negative integer.');
    const job: Job = {
      jobId: randomUUID(),
      accountId: this.opts.accountId,
      clientRequestToken: token,
      status: 'New',
      confirmationRequired: childText(doc, 'ConfirmationRequired') === 'true',
      description: childText(doc, 'Description'),
      priority,
      roleArn,
      operationName,
      operation,
      manifest,
      manifestGenerator,
      report,
      created: new Date(),
      activeSeconds: 0,
      tasks: [],
      results: [],
      failureReasons: [],
    };
    this.jobs.set(job.jobId, job);
    this.opts.runner.start(job);
    return job.jobId;
  }

  private listJobs(statuses: string[]): Record<string, unknown> {
    const jobs = [...this.jobs.values()].filter((j) => !statuses.length || statuses.includes(j.status));
    return {
      Jobs: {
        xml: jobs
          .map(
            (j) =>
              `<member>${toXml({ JobId: j.jobId, Description: j.description, Operation: j.operationName, Priority: j.priority, Status: j.status, CreationTime: j.created, TerminationDate: j.terminated, ProgressSummary: progressXml(j) })}</member>`,
          )
          .join(''),
      },
    };
  }

  private updateStatus(job: Job, requested: string | null, reason?: string): Record<string, unknown> {
    if (requested === 'Ready') {
      if (job.status !== 'Suspended')
        throw new StandInError(
          400,
          'JobStatusException',
          `A job in status ${job.status} cannot be confirmed; only Suspended jobs wait for confirmation.`,
        );
      job.statusUpdateReason = reason;
      this.opts.runner.activate(job);
    } else if (requested === 'Cancelled') {
      if (TERMINAL.has(job.status))
        throw new StandInError(400, 'JobStatusException', `The job is already ${job.status}.`);
      job.statusUpdateReason = reason;
      if (job.status === 'Active') job.status = 'Cancelling';
      else {
        job.status = 'Cancelled';
        job.terminated = new Date();
      }
    } else {
      throw new StandInError(
        400,
        'BadRequestException',
        `requestedJobStatus must be Ready or Cancelled, got ${requested}.`,
      );
    }
    return { JobId: job.jobId, Status: job.status, StatusUpdateReason: job.statusUpdateReason };
  }

  private updatePriority(job: Job, raw: string | null): Record<string, unknown> {
    const p = Number(raw);
    if (!Number.isInteger(p) || p < 0 || p > 2147483647)
      throw new StandInError(400, 'BadRequestException', 'priority must be an integer from 0 to 2147483647.');
    job.priority = p;
    return { JobId: job.jobId, Priority: p };
  }
}

function progressXml(j: Job): Record<string, unknown> {
  const p = progressOf(j);
  const active = j.activeSeconds + (j.activeSince ? (Date.now() - j.activeSince) / 1000 : 0);
  return {
    TotalNumberOfTasks: p.total,
    NumberOfTasksSucceeded: p.succeeded,
    NumberOfTasksFailed: p.failed,
    Timers: { ElapsedTimeInActiveSeconds: Math.floor(active) },
  };
}

function describe(j: Job): string {
  return (
    toXml({
      JobId: j.jobId,
      ConfirmationRequired: j.confirmationRequired,
      Description: j.description,
      JobArn: `arn:aws:s3:us-east-1:${j.accountId}:job/${j.jobId}`,
      Status: j.status,
    }) +
    (j.manifest ? writeXml(j.manifest) : '') +
    writeXml(j.operation) +
    toXml({
      Priority: j.priority,
      ProgressSummary: progressXml(j),
      StatusUpdateReason: j.statusUpdateReason,
      FailureReasons: j.failureReasons.length
        ? {
            xml: j.failureReasons
              .map((f) => `<member>${toXml({ FailureCode: f.code, FailureReason: f.reason })}</member>`)
              .join(''),
          }
        : undefined,
    }) +
    writeXml(j.report) +
    toXml({
      CreationTime: j.created,
      TerminationDate: j.terminated,
      RoleArn: j.roleArn,
      SuspendedCause: j.status === 'Suspended' ? 'AwaitingConfirmation' : undefined,
    }) +
    (j.manifestGenerator ? writeXml(j.manifestGenerator) : '')
  );
}

function send(res: ServerResponse, status: number, root: string, fields: Record<string, unknown>): void {
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-amz-request-id': randomUUID(),
    'x-s3enc-stand-in': 'S3 Control (local stand-in)',
  });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${NS}">${toXml(fields)}</${root}>`);
}

export function sendError(res: ServerResponse, e: StandInError): void {
  const requestId = randomUUID();
  res.writeHead(e.status, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'x-s3enc-stand-in': 'local stand-in',
  });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error>${toXml({ Code: e.code, Message: e.message })}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}
