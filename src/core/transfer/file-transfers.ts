// One local file up, or one object down, in any mode: the single code path behind `s3enc cp` and the
// extension's upload/download commands.
import { optionHint } from '../errors';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { S3Client, StorageClass } from '@aws-sdk/client-s3';
import { cseContentStage, uploadEncrypted, type CseReadSpec, type CseWriteSpec } from './cse-transfer';
import { downloadToFile, type DownloadResult } from './download';
import { InvalidTransferArgumentError } from './errors';
import type { SseChoice } from './sse-params';
import { uploadObject, type MultipartSettings, type UploadResult } from './upload';

/** How an upload encrypts: server-side (possibly "bucket default"), optionally with CSE on top. */
export interface WriteMode {
  sse: SseChoice;
  cse?: CseWriteSpec;
}

/** What a download needs to read an object: its SSE-C key, its CSE key. */
export interface ReadMode {
  sseCKey?: Buffer;
  cse?: CseReadSpec;
  /** Download CSE ciphertext as stored instead of refusing without a key. */
  raw?: boolean;
}

export interface FileUploadRequest {
  client: S3Client;
  localPath: string;
  bucket: string;
  key: string;
  write: WriteMode;
  metadata?: Record<string, string>;
  contentType?: string;
  storageClass?: StorageClass;
  tagging?: string;
  multipart?: Partial<MultipartSettings>;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  onCleanup?: (what: string) => void;
}

export async function uploadFile(req: FileUploadRequest): Promise<UploadResult> {
  const info = await stat(req.localPath).catch((err: NodeJS.ErrnoException) => {
    throw new InvalidTransferArgumentError(
      `Cannot read ${req.localPath}: ${err.code === 'ENOENT' ? 'no such file' : err.code}.`,
    );
  });
  if (!info.isFile())
    throw new InvalidTransferArgumentError(`${req.localPath} is not a file; folders are transferred recursively.`, {
      hint: optionHint('recursive'),
    });
  const body = createReadStream(req.localPath, { highWaterMark: 1024 * 1024 });
  const common = {
    client: req.client,
    bucket: req.bucket,
    key: req.key,
    sse: req.write.sse,
    metadata: req.metadata,
    contentType: req.contentType,
    storageClass: req.storageClass,
    tagging: req.tagging,
    multipart: req.multipart,
    signal: req.signal,
    onBytes: req.onBytes,
    onCleanup: req.onCleanup,
  };
  try {
    if (req.write.cse) {
      return await uploadEncrypted({ ...common, plaintext: body, plaintextLength: info.size, cse: req.write.cse });
    }
    return await uploadObject({ ...common, body, sizeBytes: info.size });
  } finally {
    body.destroy();
  }
}

export interface FileDownloadRequest {
  client: S3Client;
  bucket: string;
  key: string;
  destPath: string;
  read: ReadMode;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
  onCleanup?: (what: string) => void;
}

export function downloadFile(req: FileDownloadRequest): Promise<DownloadResult> {
  return downloadToFile({
    client: req.client,
    bucket: req.bucket,
    key: req.key,
    sseCKey: req.read.sseCKey,
    destPath: req.destPath,
    signal: req.signal,
    onBytes: req.onBytes,
    onCleanup: req.onCleanup,
    cseMemoryBytes: req.read.cse?.memoryBytes,
    content: cseContentStage(
      req.client,
      { bucket: req.bucket, key: req.key, sseCKey: req.read.sseCKey },
      req.read.cse,
      { raw: req.read.raw, signal: req.signal },
    ),
  });
}
