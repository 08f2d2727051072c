// Tree elements: plain data, no VS Code types, no clients. Each exposes the S3NodeRef fields directly so a
// command receiving the element knows where it points. Nodes are kept (same object) across refreshes of
// their parent's description, so VS Code can update a single row.
import type { JobDetails } from '../../../core/batch/jobs';
import type { BucketEncryptionInfo } from '../../../core/s3/bucket-info';
import type { ConnectionConfig } from '../../../core/s3/connection';
import type { S3Fault } from '../../../core/s3/faults';
import type { ObjectSummary } from '../../../core/s3/listing';
import type { ObjectEncryption } from '../../../core/s3/object-encryption';

export interface ConnectionNode {
  kind: 'connection';
  id: string;
  connectionId: string;
  connection: ConnectionConfig;
}

export interface BucketNode {
  kind: 'bucket';
  id: string;
  connectionId: string;
  bucket: string;
  region?: string;
  creationDate?: Date;
  /** undefined while GetBucketEncryption/GetBucketPolicy run. */
  info?: BucketEncryptionInfo;
}

export interface FolderNode {
  kind: 'folder';
  id: string;
  connectionId: string;
  bucket: string;
  region?: string;
  prefix: string;
}

export interface ObjectNode {
  kind: 'object';
  id: string;
  connectionId: string;
  bucket: string;
  region?: string;
  /** The containing prefix ("" at the bucket root). */
  prefix: string;
  key: string;
  object: ObjectSummary;
  /** undefined until classified ("pending"). */
  encryption?: ObjectEncryption;
  /** The encryption came from the bucket's S3 Inventory report of this date (YYYY-MM-DD), not a HeadObject. */
  inventoryDate?: string;
  instructionSibling?: boolean;
  /** The instruction (envelope) file listed with this object: shown in its hover, not as a row. */
  instructionFile?: ObjectSummary;
  /** This object is an instruction (envelope) file whose object is not listed (not classified). */
  orphanInstruction?: boolean;
  /** Classified "none" on an endpoint that does not report SSE on HeadObject: "not reported", not "none". */
  sseNotReported?: boolean;
}

export type ContainerNode = ConnectionNode | BucketNode | FolderNode;

export interface LoadMoreNode {
  kind: 'loadMore';
  id: string;
  connectionId: string;
  container: ContainerNode;
  /** Items loaded so far, for the label. */
  loaded: number;
}

/** An error (with retry) or an informational row, as a child of the container it concerns. */
export interface MessageNode {
  kind: 'message';
  id: string;
  connectionId: string;
  severity: 'error' | 'info';
  message: string;
  fault?: S3Fault;
  /** The container to reload on retry. */
  retry?: ContainerNode;
}

/** An S3 Batch Operations job tracked under the bucket it works on (see src/vscode/batch). */
export interface JobNode {
  kind: 'job';
  id: string;
  connectionId: string;
  bucket: string;
  accountId: string;
  jobId: string;
  /** The last DescribeJob answer; undefined until the first one. */
  job?: JobDetails;
  /** Why the last DescribeJob failed. */
  error?: string;
}

export type ExplorerNode = ConnectionNode | BucketNode | FolderNode | ObjectNode | LoadMoreNode | MessageNode | JobNode;

export function isContainer(node: ExplorerNode): node is ContainerNode {
  return node.kind === 'connection' || node.kind === 'bucket' || node.kind === 'folder';
}

/** The prefix a container lists ("" for a bucket). */
export function containerPrefix(node: BucketNode | FolderNode): string {
  return node.kind === 'folder' ? node.prefix : '';
}

export function connectionNodeId(connectionId: string): string {
  return `c/${connectionId}`;
}
export function bucketNodeId(connectionId: string, bucket: string): string {
  return `b/${connectionId}/${bucket}`;
}
export function folderNodeId(connectionId: string, bucket: string, prefix: string): string {
  return `f/${connectionId}/${bucket}/${prefix}`;
}
export function jobNodeId(connectionId: string, bucket: string, jobId: string): string {
  return `j/${connectionId}/${bucket}/${jobId}`;
}
export function objectNodeId(connectionId: string, bucket: string, key: string): string {
  return `o/${connectionId}/${bucket}/${key}`;
}
