// Downloads an object to a file without ever leaving a partial file under the final name: the body streams to
// a temporary file in the target folder, and only a complete (for CSE: authenticated) body is renamed into
// place. Any failure removes the temporary file.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { DestinationError, TransferCancelledError, TransferError, isAbortError } from './errors';
import { mapS3Error } from './error-mapping';
import { sseCParams } from './sse-params';
import { downloadRangesInto, orderedRangeStream } from './ranged-download';

export interface ObjectLocation {
  client: S3Client;
  bucket: string;
  key: string;
  /** SSE-C key, for objects written with one. */
  sseCKey?: Buffer;
  signal?: AbortSignal;
}

export interface DownloadRequest extends ObjectLocation {
  destPath: string;
  /** Decrypting stage for CSE: gets the object's head and returns a Transform that fails on a bad tag. */
  decrypt?: (head: HeadObjectCommandOutput) => Promise<Transform | undefined>;
  onBytes?: (bytes: number) => void;
  /** Plain objects at least this big are fetched as parallel ranges (default 8 MiB ranges, 8 at a time). */
  ranged?: { thresholdBytes: number; partSizeBytes: number; concurrency: number };
}

const DEFAULT_RANGED = { thresholdBytes: 16 * 1024 * 1024, partSizeBytes: 8 * 1024 * 1024, concurrency: 8 };

export interface DownloadResult {
  path: string;
  /** Bytes written to the file (plaintext for CSE). */
  bytes: number;
  head: HeadObjectCommandOutput;
}

export async function headObject(loc: ObjectLocation): Promise<HeadObjectCommandOutput> {
  try {
    return await loc.client.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key, ...sseCParams(loc.sseCKey) }), {
      abortSignal: loc.signal,
    });
  } catch (err) {
    throw await mapReadError(err, loc, 'head');
  }
}

/** Opens the object body; the ETag pins the GET to the version HEAD saw. */
export async function openObjectBody(loc: ObjectLocation, etag?: string): Promise<Readable> {
  try {
    const out = await loc.client.send(
      new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key, ...(etag ? { IfMatch: etag } : {}), ...sseCParams(loc.sseCKey) }),
      { abortSignal: loc.signal },
    );
    if (!(out.Body instanceof Readable)) throw new TransferError('The S3 client returned a body that is not a Node stream.');
    return out.Body;
  } catch (err) {
    throw await mapReadError(err, loc, 'download');
  }
}

export async function downloadToFile(req: DownloadRequest): Promise<DownloadResult> {
  await assertWritableFolder(dirname(req.destPath));
  // HEAD and GET before any file exists: a wrong key or a denied read leaves nothing behind.
  const head = await headObject(req);
  const decrypt = req.decrypt ? await req.decrypt(head) : undefined;
  const ranged = req.ranged ?? DEFAULT_RANGED;
  const size = head.ContentLength ?? 0;
  if (!decrypt && size >= ranged.thresholdBytes) return downloadRanged(req, head, ranged);
  // CSE: the decryptor needs the bytes in order; large objects still arrive by parallel ranges.
  const body =
    size >= ranged.thresholdBytes
      ? orderedRangeStream({ client: req.client, bucket: req.bucket, key: req.key, etag: head.ETag, sseCKey: req.sseCKey, size, partSizeBytes: ranged.partSizeBytes, concurrency: ranged.concurrency, signal: req.signal })
      : await openObjectBody(req, head.ETag);
  const tmp = join(dirname(req.destPath), `.${basename(req.destPath)}.s3enc-${randomBytes(4).toString('hex')}.part`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const rawCounter = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      req.onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  let handle;
  try {
    handle = await open(tmp, 'wx', 0o600);
  } catch (err) {
    body.destroy();
    throw destinationError(err, req.destPath);
  }
  try {
    // No fsync: like other S3 tools we rely on the OS for durability; the rename is what makes it complete.
    const out = handle.createWriteStream();
    const stages: NodeJS.ReadWriteStream[] = [rawCounter, ...(decrypt ? [decrypt] : []), counter];
    await pipeline([body, ...stages, out], { signal: req.signal });
    await rename(tmp, req.destPath);
    return { path: req.destPath, bytes, head };
  } catch (err) {
    await handle.close().catch(() => undefined); // usually closed by the stream already; the cause matters more
    await unlink(tmp).catch(() => undefined); // best effort: the rename may be what failed
    body.destroy();
    if (isAbortError(err) || req.signal?.aborted) throw new TransferCancelledError('The download was cancelled; no file was written.');
    if (isFsError(err)) throw destinationError(err, req.destPath);
    // An S3 error from a ranged GET mid-stream gets the same mapping as one from the first request.
    if ((err as { $metadata?: unknown }).$metadata !== undefined) throw await mapReadError(err, req, 'download');
    throw err;
  }
}

async function downloadRanged(req: DownloadRequest, head: HeadObjectCommandOutput, ranged: typeof DEFAULT_RANGED): Promise<DownloadResult> {
  const tmp = join(dirname(req.destPath), `.${basename(req.destPath)}.s3enc-${randomBytes(4).toString('hex')}.part`);
  let handle;
  try {
    handle = await open(tmp, 'wx', 0o600);
  } catch (err) {
    throw destinationError(err, req.destPath);
  }
  try {
    const bytes = await downloadRangesInto(handle, {
      client: req.client, bucket: req.bucket, key: req.key, etag: head.ETag, sseCKey: req.sseCKey, size: head.ContentLength ?? 0,
      partSizeBytes: ranged.partSizeBytes, concurrency: ranged.concurrency, signal: req.signal, onBytes: req.onBytes,
    });
    await handle.close();
    handle = undefined;
    await rename(tmp, req.destPath);
    return { path: req.destPath, bytes, head };
  } catch (err) {
    await handle?.close().catch(() => undefined); // already failing; the cause below matters more
    await unlink(tmp).catch(() => undefined); // best effort: may already be gone
    if (isAbortError(err) || req.signal?.aborted) throw new TransferCancelledError('The download was cancelled; no file was written.');
    if (isFsError(err)) throw destinationError(err, req.destPath);
    if (err instanceof TransferError) throw err;
    throw await mapReadError(err, req, 'download');
  }
}

/** For "Open": reads a small object (decrypted when `decrypt` is given) into memory. */
export async function downloadToBuffer(req: Omit<DownloadRequest, 'destPath'>, maxBytes: number): Promise<{ data: Buffer; head: HeadObjectCommandOutput }> {
  const head = await headObject(req);
  if ((head.ContentLength ?? 0) > maxBytes) {
    throw new TransferError(`s3://${req.bucket}/${req.key} is ${head.ContentLength} bytes; "Open" shows objects up to ${maxBytes} bytes. Download it instead.`);
  }
  const body = await openObjectBody(req, head.ETag);
  const decrypt = req.decrypt ? await req.decrypt(head) : undefined;
  const chunks: Buffer[] = [];
  const sink = new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      chunks.push(chunk);
      cb();
    },
  });
  await pipeline([body, ...(decrypt ? [decrypt] : []), sink], { signal: req.signal });
  return { data: Buffer.concat(chunks), head };
}

async function assertWritableFolder(folder: string): Promise<void> {
  try {
    await access(folder, fsConstants.W_OK);
  } catch (err) {
    throw destinationError(err, join(folder, '…'));
  }
}

function isFsError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && /^E[A-Z]+$/.test((err as { code: string }).code) && (err as { syscall?: string }).syscall !== undefined;
}

function destinationError(err: unknown, dest: string): DestinationError {
  const code = (err as { code?: string })?.code;
  const reason =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the folder is not writable'
        : code === 'ENOENT'
          ? 'the folder does not exist'
          : `${code ?? 'error'}`;
  return new DestinationError(`Cannot write ${dest}: ${reason}. No file was written.`);
}

function mapReadError(err: unknown, loc: ObjectLocation, operation: 'head' | 'download'): Promise<Error> {
  if (isAbortError(err) || loc.signal?.aborted) return Promise.resolve(new TransferCancelledError('The download was cancelled; no file was written.'));
  return mapS3Error(err, { client: loc.client, bucket: loc.bucket, key: loc.key, operation, sseCKey: loc.sseCKey });
}
