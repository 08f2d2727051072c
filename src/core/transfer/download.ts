// Downloads an object to a file without ever leaving a partial file under the final name: the body streams to
// a temporary file in the target folder, and only a complete body is renamed into place. For CSE the temp
// file holds only ciphertext until the tag verified (crypto/ciphertext-spool.ts). Any failure removes it.
import { constants as fsConstants } from 'node:fs';
import { access, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { CiphertextSpool, CseError, spoolPathFor, type ContentDecryption } from '../crypto';
import { ConnectionLostError, DestinationError, TransferCancelledError, TransferError, isAbortError } from './errors';
import { mapS3Error } from './error-mapping';
import { describeNetworkError, isConnectionFailure } from './network-errors';
import { sseCParams } from './sse-params';
import { SinkError, downloadRangesInto, fetchRanges, type RangedRequest } from './ranged-download';

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
  /**
   * CSE: gets the object's head and returns its two-pass decryption (undefined: store the body as is). The
   * body is then spooled as ciphertext and decrypted in place only after its tag verified.
   */
  content?: (head: HeadObjectCommandOutput) => Promise<ContentDecryption | undefined>;
  /** CSE: bodies up to this many bytes are authenticated in memory and written once (see CiphertextSpool). */
  cseMemoryBytes?: number;
  onBytes?: (bytes: number) => void;
  /** Told what a failed or cancelled download cleaned up (its temp file), for the user. */
  onCleanup?: (what: string) => void;
  /** Objects at least this big are fetched as parallel ranges (default 8 MiB ranges, 8 at a time). */
  ranged?: { thresholdBytes: number; partSizeBytes: number; concurrency: number };
}

/** "Open": decrypts in memory; nothing is returned before the stream ended with a verified tag. */
export interface BufferDownloadRequest extends ObjectLocation {
  decrypt?: (head: HeadObjectCommandOutput) => Promise<Transform | undefined>;
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
    return await loc.client.send(
      new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key, ...sseCParams(loc.sseCKey) }),
      {
        abortSignal: loc.signal,
      },
    );
  } catch (err) {
    throw await mapReadError(err, loc, 'head');
  }
}

/** Opens the object body; the ETag pins the GET to the version HEAD saw. */
export async function openObjectBody(loc: ObjectLocation, etag?: string): Promise<Readable> {
  try {
    const out = await loc.client.send(
      new GetObjectCommand({
        Bucket: loc.bucket,
        Key: loc.key,
        ...(etag ? { IfMatch: etag } : {}),
        ...sseCParams(loc.sseCKey),
      }),
      { abortSignal: loc.signal },
    );
    if (!(out.Body instanceof Readable))
      throw new TransferError('The S3 client returned a body that is not a Node stream.');
    return out.Body;
  } catch (err) {
    throw await mapReadError(err, loc, 'download');
  }
}

export async function downloadToFile(req: DownloadRequest): Promise<DownloadResult> {
  await assertWritableFolder(dirname(req.destPath));
  // HEAD (and, for CSE, the key unwrap) before any file exists: a wrong key or a denied read leaves nothing.
  const head = await headObject(req);
  const content = req.content ? await req.content(head) : undefined;
  const ranged = req.ranged ?? DEFAULT_RANGED;
  if (content) return downloadDecrypted(req, head, content, ranged);
  if ((head.ContentLength ?? 0) >= ranged.thresholdBytes) return downloadRanged(req, head, ranged);
  return downloadSingle(req, head);
}

async function downloadSingle(req: DownloadRequest, head: HeadObjectCommandOutput): Promise<DownloadResult> {
  const body = await openObjectBody(req, head.ETag);
  const tmp = spoolPathFor(req.destPath);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      bytes += chunk.length;
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
  const out = handle.createWriteStream();
  let localFailure: unknown;
  out.on('error', (err) => (localFailure ??= err));
  try {
    // No fsync: like other S3 tools we rely on the OS for durability; the rename is what makes it complete.
    await pipeline([body, counter, out], { signal: req.signal });
    await rename(tmp, req.destPath).catch((err: unknown) => {
      throw (localFailure = err);
    });
    return { path: req.destPath, bytes, head };
  } catch (err) {
    await handle.close().catch(() => undefined); // usually closed by the stream already; the cause matters more
    await removeTemp(tmp, req);
    body.destroy();
    throw await downloadFailure(localFailure !== undefined ? new SinkError(localFailure) : err, req);
  }
}

async function downloadRanged(
  req: DownloadRequest,
  head: HeadObjectCommandOutput,
  ranged: typeof DEFAULT_RANGED,
): Promise<DownloadResult> {
  const tmp = spoolPathFor(req.destPath);
  let handle;
  try {
    handle = await open(tmp, 'wx', 0o600);
  } catch (err) {
    throw destinationError(err, req.destPath);
  }
  try {
    const bytes = await downloadRangesInto(handle, rangedRequest(req, head, ranged));
    await handle.close();
    handle = undefined;
    await rename(tmp, req.destPath).catch((err: unknown) => {
      throw new SinkError(err);
    });
    return { path: req.destPath, bytes, head };
  } catch (err) {
    await handle?.close().catch(() => undefined); // already failing; the cause below matters more
    await removeTemp(tmp, req);
    throw await downloadFailure(err, req);
  }
}

/** CSE: ciphertext kept (in memory or spooled) by parallel ranges and authenticated; plaintext only after the tag. */
async function downloadDecrypted(
  req: DownloadRequest,
  head: HeadObjectCommandOutput,
  content: ContentDecryption,
  ranged: typeof DEFAULT_RANGED,
): Promise<DownloadResult> {
  let spool: CiphertextSpool;
  try {
    spool = await CiphertextSpool.create(req.destPath, content, {
      bodyBytes: head.ContentLength,
      memoryBytes: req.cseMemoryBytes,
    });
  } catch (err) {
    content.dispose();
    throw destinationError(err, req.destPath);
  }
  try {
    await fetchRanges(rangedRequest(req, head, ranged), (chunk, pos) => spool.write(pos, chunk));
    const { plaintextBytes } = await spool.commit(req.signal).catch((err: unknown) => {
      throw err instanceof CseError ? err : new SinkError(err);
    });
    return { path: req.destPath, bytes: plaintextBytes, head };
  } catch (err) {
    if (await spool.discard()) req.onCleanup?.(`removed temp file ${spool.tempPath}`);
    throw await downloadFailure(err, req);
  }
}

/** Best effort (the rename may have been what failed, so it can be gone already). */
async function removeTemp(tmp: string, req: DownloadRequest): Promise<void> {
  const removed = await unlink(tmp).then(
    () => true,
    () => false,
  );
  if (removed) req.onCleanup?.(`removed temp file ${tmp}`);
}

function rangedRequest(
  req: DownloadRequest,
  head: HeadObjectCommandOutput,
  ranged: typeof DEFAULT_RANGED,
): RangedRequest {
  return {
    client: req.client,
    bucket: req.bucket,
    key: req.key,
    etag: head.ETag,
    sseCKey: req.sseCKey,
    size: head.ContentLength ?? 0,
    partSizeBytes: ranged.partSizeBytes,
    concurrency: ranged.concurrency,
    signal: req.signal,
    onBytes: req.onBytes,
  };
}

/**
 * One place that names a failed download: cancelled, the local side (the file: DestinationNotWritable),
 * the connection (ConnectionLost), or what S3 answered. Local failures arrive wrapped in SinkError, so a
 * socket's ECONNRESET is never mistaken for a disk error.
 */
async function downloadFailure(err: unknown, req: DownloadRequest): Promise<Error> {
  if (isAbortError(err) || req.signal?.aborted)
    return new TransferCancelledError('The download was cancelled; no file was written.');
  if (err instanceof SinkError) return destinationError(err.cause, req.destPath);
  if (err instanceof CseError || err instanceof TransferError) return err;
  if (isConnectionFailure(err)) {
    return new ConnectionLostError(
      `The connection to S3 was lost while downloading s3://${req.bucket}/${req.key} (${describeNetworkError(err)}). No file was written; run the download again.`,
    );
  }
  return mapReadError(err, req, 'download');
}

/** For "Open": reads a small object (decrypted when `decrypt` is given) into memory. */
export async function downloadToBuffer(
  req: BufferDownloadRequest,
  maxBytes: number,
): Promise<{ data: Buffer; head: HeadObjectCommandOutput }> {
  const head = await headObject(req);
  if ((head.ContentLength ?? 0) > maxBytes) {
    throw new TransferError(
      `s3://${req.bucket}/${req.key} is ${head.ContentLength} bytes; "Open" shows objects up to ${maxBytes} bytes. Download it instead.`,
    );
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
  if (isAbortError(err) || loc.signal?.aborted)
    return Promise.resolve(new TransferCancelledError('The download was cancelled; no file was written.'));
  return mapS3Error(err, { client: loc.client, bucket: loc.bucket, key: loc.key, operation, sseCKey: loc.sseCKey });
}
