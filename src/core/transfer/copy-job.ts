// `cp` as a job: expands SRC/DST (one file, a folder, a prefix) into single transfers, runs them one after
// another with shared progress, and reports what was transferred. A failure stops the job; everything
// reported as done was completed by S3 (or renamed into place locally).
import { optionHint } from '../errors';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_INSTRUCTION_SUFFIX } from '../crypto';
import { copyObject } from './copy';
import { InvalidTransferArgumentError } from './errors';
import { downloadFile, uploadFile, type ReadMode, type WriteMode } from './file-transfers';
import {
  formatLocation,
  keySuffixFor,
  localPathFor,
  objectKeyFor,
  parseLocation,
  prefixWithSlash,
  type Location,
} from './locations';
import { describeSseChoice } from './sse-params';
import { MODES } from '../encryption/modes';
import { serverSideEncryption, type HeadFields } from '../s3/object-encryption';
import type { MultipartSettings } from './upload';

export interface CopyJobRequest {
  client: S3Client;
  source: string;
  destination: string;
  recursive: boolean;
  /** Encryption of what is written to S3 (uploads and S3→S3). */
  write: WriteMode;
  /** Keys needed to read the source object(s) (downloads and S3→S3). */
  read: ReadMode;
  allowKmsKeyChange?: boolean;
  multipart?: Partial<MultipartSettings>;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  /** Told what a failed or cancelled item cleaned up (aborted multipart upload, removed temp file). */
  onCleanup?: (what: string) => void;
  /** Called before each item, with the number of items known so far. */
  onItem?: (item: { source: string; destination: string }) => void;
}

export interface CopyJobItem {
  source: string;
  destination: string;
  bytes: number;
  encryption: string;
}

export interface CopyJobReport {
  direction: 'upload' | 'download' | 'copy';
  items: CopyJobItem[];
  bytes: number;
  elapsedMs: number;
}

export async function runCopyJob(req: CopyJobRequest): Promise<CopyJobReport> {
  const src = parseLocation(req.source);
  const dst = parseLocation(req.destination);
  const started = Date.now();
  const items: CopyJobItem[] = [];
  const encryption = req.write.cse
    ? `CSE-${req.write.cse.format.toUpperCase()} + ${describeSseChoice(req.write.sse)}`
    : describeSseChoice(req.write.sse);
  let direction: CopyJobReport['direction'];
  if (src.kind === 'local' && dst.kind === 's3') {
    direction = 'upload';
    for (const [file, key] of await uploadPlan(src.path, dst, req.recursive)) {
      req.onItem?.({ source: file, destination: `s3://${dst.bucket}/${key}` });
      const r = await uploadFile({ ...req, localPath: file, bucket: dst.bucket, key });
      items.push({ source: file, destination: `s3://${dst.bucket}/${key}`, bytes: r.bytes, encryption });
    }
  } else if (src.kind === 's3' && dst.kind === 'local') {
    direction = 'download';
    for (const [key, path] of await downloadPlan(req.client, src, dst.path, req.recursive)) {
      req.onItem?.({ source: `s3://${src.bucket}/${key}`, destination: path });
      await mkdir(dirname(path), { recursive: true });
      const r = await downloadFile({ ...req, bucket: src.bucket, key, destPath: path });
      items.push({
        source: `s3://${src.bucket}/${key}`,
        destination: path,
        bytes: r.bytes,
        encryption: downloadedAs(req.read, r.head),
      });
    }
  } else if (src.kind === 's3' && dst.kind === 's3') {
    direction = 'copy';
    if (req.write.cse) {
      throw new InvalidTransferArgumentError(
        'S3→S3 copies are server-side; client-side encryption applies to uploads and downloads. Download, then upload with client-side encryption.',
      );
    }
    for (const [key, destKey] of await copyPlan(req.client, src, dst, req.recursive)) {
      req.onItem?.({ source: `s3://${src.bucket}/${key}`, destination: `s3://${dst.bucket}/${destKey}` });
      const r = await copyObject({
        client: req.client,
        source: { bucket: src.bucket, key, sseCKey: req.read.sseCKey },
        dest: { bucket: dst.bucket, key: destKey },
        sse: req.write.sse,
        allowKmsKeyChange: req.allowKmsKeyChange,
        signal: req.signal,
        onBytes: req.onBytes,
      });
      if (r.hasInstructionFile && !(src.bucket === dst.bucket && key === destKey)) {
        const suffix = DEFAULT_INSTRUCTION_SUFFIX;
        await copyObject({
          client: req.client,
          source: { bucket: src.bucket, key: key + suffix },
          dest: { bucket: dst.bucket, key: destKey + suffix },
          sse: req.write.sse,
          signal: req.signal,
        });
      }
      items.push({
        source: `s3://${src.bucket}/${key}`,
        destination: `s3://${dst.bucket}/${destKey}`,
        bytes: r.bytes,
        encryption: describeSseChoice(r.sse),
      });
    }
  } else {
    throw new InvalidTransferArgumentError(
      `copy ${formatLocation(src)} → ${formatLocation(dst)}: one side must be s3://; use cp for local copies.`,
    );
  }
  return { direction, items, bytes: items.reduce((n, i) => n + i.bytes, 0), elapsedMs: Date.now() - started };
}

async function uploadPlan(
  path: string,
  dst: Extract<Location, { kind: 's3' }>,
  recursive: boolean,
): Promise<Array<[string, string]>> {
  if (!recursive) return [[path, objectKeyFor(dst, path.split(/[\\/]/).filter(Boolean).pop() ?? path)]];
  const files = await walk(path);
  const prefix = prefixWithSlash(dst.key);
  return files.map((f) => [f, `${prefix}${keySuffixFor(path, f)}`]);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new InvalidTransferArgumentError(
      `Cannot read folder ${dir}: ${err.code === 'ENOTDIR' ? 'not a folder' : err.code}.`,
    );
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Every object key under `prefix`, except instruction files, which travel with their object. */
export async function listTransferableKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  // Instruction files travel with their object (read by the decryptor, copied alongside), not as items.
  const set = new Set(keys);
  return keys.filter(
    (k) => !(k.endsWith(DEFAULT_INSTRUCTION_SUFFIX) && set.has(k.slice(0, -DEFAULT_INSTRUCTION_SUFFIX.length))),
  );
}

async function downloadPlan(
  client: S3Client,
  src: Extract<Location, { kind: 's3' }>,
  dest: string,
  recursive: boolean,
): Promise<Array<[string, string]>> {
  if (!recursive) {
    if (src.key === '' || src.key.endsWith('/'))
      throw new InvalidTransferArgumentError(`s3://${src.bucket}/${src.key} is a prefix; copy it recursively.`, {
        hint: optionHint('recursive'),
      });
    return [[src.key, localPathFor(dest, src.key)]];
  }
  const prefix = prefixWithSlash(src.key);
  return (await listTransferableKeys(client, src.bucket, prefix)).map((k) => [
    k,
    join(dest, ...k.slice(prefix.length).split('/')),
  ]);
}

async function copyPlan(
  client: S3Client,
  src: Extract<Location, { kind: 's3' }>,
  dst: Extract<Location, { kind: 's3' }>,
  recursive: boolean,
): Promise<Array<[string, string]>> {
  if (!recursive) return [[src.key, objectKeyFor(dst, src.key.split('/').pop() ?? src.key)]];
  const from = prefixWithSlash(src.key);
  const to = prefixWithSlash(dst.key);
  return (await listTransferableKeys(client, src.bucket, from)).map((k) => [k, `${to}${k.slice(from.length)}`]);
}

/** What a download did to the bytes, for the summary: never "decrypted" for ciphertext written as stored. */
function downloadedAs(read: ReadMode, head: HeadFields): string {
  if (read.raw) return 'as stored, not decrypted client-side';
  if (read.cse) return 'decrypted client-side';
  const sse = serverSideEncryption(head);
  return sse.mode === 'none' ? 'not encrypted' : `${MODES[sse.mode].label}, decrypted by S3`;
}
