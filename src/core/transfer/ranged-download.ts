// Parallel ranged GETs for large plain (non-CSE) objects: each range is streamed into the temp file at its
// offset, `concurrency` at a time. The ETag pins every range to the same version.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransferError } from './errors';
import { sseCParams } from './sse-params';

export interface RangedRequest {
  client: S3Client;
  bucket: string;
  key: string;
  etag?: string;
  sseCKey?: Buffer;
  size: number;
  partSizeBytes: number;
  concurrency: number;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

/** Inclusive byte ranges of `partSizeBytes` covering the object. */
function rangesOf(req: Pick<RangedRequest, 'size' | 'partSizeBytes'>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < req.size; start += req.partSizeBytes)
    ranges.push([start, Math.min(req.size, start + req.partSizeBytes) - 1]);
  return ranges;
}

/** One ranged GET, pinned to the ETag's version and carrying the SSE-C key when there is one. */
function getRange(req: Omit<RangedRequest, 'onBytes'>, [a, b]: [number, number], signal: AbortSignal | undefined) {
  return req.client.send(
    new GetObjectCommand({
      Bucket: req.bucket,
      Key: req.key,
      Range: `bytes=${a}-${b}`,
      ...(req.etag ? { IfMatch: req.etag } : {}),
      ...sseCParams(req.sseCKey),
    }),
    { abortSignal: signal },
  );
}

/** Where fetched bytes go: a positional write (a plain file, or the CSE ciphertext spool). */
export type RangeSink = (chunk: Uint8Array, position: number) => Promise<void>;

/**
 * Fetches the object as `concurrency` parallel ranged GETs and hands each chunk to `sink` at its offset as
 * it arrives. Errors from `sink` are tagged as destination errors, so a failing disk is never confused with
 * a failing server (see download.ts).
 */
export async function fetchRanges(req: RangedRequest, sink: RangeSink): Promise<number> {
  const ranges = rangesOf(req);
  let next = 0;
  let written = 0;
  // The first failure stops the other workers (and their requests) instead of letting them fetch the rest.
  const stop = new AbortController();
  const signal = req.signal ? AbortSignal.any([req.signal, stop.signal]) : stop.signal;
  // Boxed so that a rejection with a falsy or undefined value still counts as a failure.
  let firstError: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < ranges.length && !signal.aborted) {
      const [a, b] = ranges[next++];
      const out = await getRange(req, [a, b], signal);
      // Written at its offset as it arrives: collecting each range into one buffer first cost a copy and
      // ~25% of download throughput here. Leaving the loop early (a failed write) destroys the body stream.
      let pos = a;
      for await (const chunk of (out.Body ?? []) as AsyncIterable<Uint8Array>) {
        if (pos + chunk.length > b + 1 || signal.aborted) break;
        try {
          await sink(chunk, pos);
        } catch (err) {
          throw new SinkError(err);
        }
        pos += chunk.length;
        written += chunk.length;
        req.onBytes?.(chunk.length);
      }
      if (signal.aborted) break;
      if (pos !== b + 1)
        throw new TransferError(
          `s3://${req.bucket}/${req.key}: range ${a}-${b} returned ${pos - a} bytes; the object may have changed.`,
        );
    }
  };
  const guarded = async (): Promise<void> => {
    try {
      await worker();
    } catch (err) {
      firstError ??= { error: err };
      stop.abort();
    }
  };
  // Every worker has stopped before this returns, so nothing writes to the file after the caller removed it.
  await Promise.all(Array.from({ length: Math.min(req.concurrency, ranges.length) }, guarded));
  if (firstError) throw firstError.error;
  req.signal?.throwIfAborted();
  return written;
}

/** A failure of the local side of a download (the file or the decrypting spool), carrying the cause. */
export class SinkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export function downloadRangesInto(handle: FileHandle, req: RangedRequest): Promise<number> {
  return fetchRanges(req, async (chunk, pos) => {
    await handle.write(chunk, 0, chunk.length, pos);
  });
}

/**
 * The object as an in-order stream fetched by parallel ranged GETs (a window of `concurrency` ranges ahead):
 * for pipelines that need the bytes in order, such as CSE decryption, without a single GET's throughput limit.
 */
export function orderedRangeStream(req: Omit<RangedRequest, 'onBytes'>): Readable {
  const ranges = rangesOf(req);
  const fetchRange = async ([a, b]: [number, number]): Promise<Uint8Array> => {
    const out = await getRange(req, [a, b], req.signal);
    const bytes = await out.Body?.transformToByteArray();
    if (!bytes || bytes.length !== b - a + 1)
      throw new TransferError(
        `s3://${req.bucket}/${req.key}: range ${a}-${b} returned ${bytes?.length ?? 0} bytes; the object may have changed.`,
      );
    return bytes;
  };
  async function* inOrder(): AsyncGenerator<Buffer> {
    const window: Array<Promise<Uint8Array>> = [];
    let next = 0;
    const fill = () => {
      while (window.length < req.concurrency && next < ranges.length) {
        const p = fetchRange(ranges[next++]);
        p.catch(() => undefined); // observed when its turn comes; avoids an unhandled rejection meanwhile
        window.push(p);
      }
    };
    fill();
    while (window.length) {
      const bytes = await window.shift()!;
      fill();
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }
  return Readable.from(inOrder(), { objectMode: false });
}
