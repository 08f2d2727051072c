// The Batch Operations jobs this workspace created, shown under their bucket in the explorer and polled with
// DescribeJob until they end. Tracked jobs survive a reload (workspace state); rows are plain JobNodes.
import type * as vscode from 'vscode';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import { describeJob } from '../../core/batch/jobs';
import { jobNodeId, type BucketNode, type JobNode } from '../explorer/model/nodes';

const STATE_KEY = 's3enc.batch.trackedJobs';
const TERMINAL = new Set(['Complete', 'Cancelled', 'Failed']);

export interface TrackedJob {
  connectionId: string;
  bucket: string;
  accountId: string;
  jobId: string;
}

export class JobTracker {
  private readonly nodes = new Map<string, JobNode>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly controlFor: (connectionId: string) => Promise<S3ControlClient>,
    private readonly changed: (node: JobNode | undefined, connectionId: string, bucket: string) => void,
    private readonly pollMs: () => number,
  ) {
    for (const t of state.get<TrackedJob[]>(STATE_KEY, []))
      this.nodes.set(jobNodeId(t.connectionId, t.bucket, t.jobId), this.nodeFor(t));
    this.schedule();
  }

  jobsUnder(bucket: BucketNode): JobNode[] {
    return [...this.nodes.values()].filter((n) => n.connectionId === bucket.connectionId && n.bucket === bucket.bucket);
  }

  async track(t: TrackedJob): Promise<JobNode> {
    const node = this.nodeFor(t);
    this.nodes.set(node.id, node);
    await this.save();
    this.changed(undefined, t.connectionId, t.bucket);
    await this.poll(node);
    this.schedule();
    return node;
  }

  async untrack(node: JobNode): Promise<void> {
    this.nodes.delete(node.id);
    await this.save();
    this.changed(undefined, node.connectionId, node.bucket);
  }

  /** DescribeJob now, and show the answer (or why it failed) on the row. */
  async poll(node: JobNode): Promise<void> {
    try {
      node.job = await describeJob(await this.controlFor(node.connectionId), node.accountId, node.jobId);
      node.error = undefined;
    } catch (err) {
      node.error = `${(err as Error).name}: ${(err as Error).message}`;
    }
    this.changed(node, node.connectionId, node.bucket);
  }

  /** After an action (confirm, cancel, priority): show its effect now and keep polling while it runs. */
  async refresh(node: JobNode): Promise<void> {
    await this.poll(node);
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer) return;
    const running = () => [...this.nodes.values()].filter((n) => !n.job || !TERMINAL.has(n.job.status));
    if (!running().length) return;
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      await Promise.all(running().map((n) => this.poll(n)));
      this.schedule();
    }, this.pollMs());
  }

  private nodeFor(t: TrackedJob): JobNode {
    return {
      kind: 'job',
      id: jobNodeId(t.connectionId, t.bucket, t.jobId),
      connectionId: t.connectionId,
      bucket: t.bucket,
      accountId: t.accountId,
      jobId: t.jobId,
    };
  }

  private save(): Thenable<void> {
    const list: TrackedJob[] = [...this.nodes.values()].map((n) => ({
      connectionId: n.connectionId,
      bucket: n.bucket,
      accountId: n.accountId,
      jobId: n.jobId,
    }));
    return this.state.update(STATE_KEY, list);
  }
}
