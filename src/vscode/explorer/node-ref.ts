// The contract other features' commands rely on: every tree element handed to a command exposes where it
// is in S3. Keep these names stable (transfers and diagnostics read them).

export interface S3NodeRef {
  connectionId: string;
  bucket: string;
  /** Folder prefix (ends with "/") for folder nodes; the containing prefix for objects. */
  prefix?: string;
  /** Object key, for object nodes. */
  key?: string;
  /** The bucket's region, when known. */
  region?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * The S3 location of a command argument: a tree element (clicked or from a context menu) or a plain
 * S3NodeRef passed by another command. Undefined for connection nodes and anything else.
 */
export function s3NodeRefFrom(arg: unknown): S3NodeRef | undefined {
  if (!isRecord(arg) || typeof arg.connectionId !== 'string' || typeof arg.bucket !== 'string' || !arg.bucket)
    return undefined;
  const ref: S3NodeRef = { connectionId: arg.connectionId, bucket: arg.bucket };
  if (typeof arg.prefix === 'string') ref.prefix = arg.prefix;
  if (typeof arg.key === 'string') ref.key = arg.key;
  if (typeof arg.region === 'string') ref.region = arg.region;
  return ref;
}

/** The connection id of any tree element (connection nodes included). */
export function connectionIdFrom(arg: unknown): string | undefined {
  return isRecord(arg) && typeof arg.connectionId === 'string' ? arg.connectionId : undefined;
}

/** s3://bucket/key, s3://bucket/prefix/ or s3://bucket/. */
export function s3Uri(ref: S3NodeRef): string {
  return `s3://${ref.bucket}/${ref.key ?? ref.prefix ?? ''}`;
}
