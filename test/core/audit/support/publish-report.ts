// Publishes an S3 Inventory report into a live RGW bucket the way S3 lays it out:
//   DEST/[prefix/]SOURCE/CONFIG-ID/data/<name>.csv.gz|.parquet
//   DEST/[prefix/]SOURCE/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json + manifest.checksum
// Data files are written by tools/inventory (AWS's formats) to a temporary folder, then uploaded.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  manifestJson,
  manifestChecksum,
  writeCsvGz,
  writeParquet,
  type WrittenFile,
} from '../../../../tools/inventory/inventory-files';
import type { SyntheticRow } from '../../../../tools/inventory/synthetic-rows';

export interface PublishedReport {
  manifestKey: string;
  manifestUrl: string;
  dataKeys: string[];
  folder: string;
}

export interface PublishRequest {
  destBucket: string;
  destPrefix?: string;
  sourceBucket: string;
  configId: string;
  /** YYYY-MM-DDTHH-MMZ */
  date: string;
  format: 'CSV' | 'Parquet' | 'ORC';
  /** One array of rows per data file. */
  files: SyntheticRow[][];
  parquetRowGroupRows?: number;
}

export async function publishReport(client: S3Client, req: PublishRequest): Promise<PublishedReport> {
  const folder = `${req.destPrefix ? `${req.destPrefix}/` : ''}${req.sourceBucket}/${req.configId}/`;
  const tmp = mkdtempSync(join(tmpdir(), 's3enc-publish-'));
  try {
    const written: { key: string; file: WrittenFile }[] = [];
    for (const [i, rows] of req.files.entries()) {
      const ext = req.format === 'CSV' ? 'csv.gz' : req.format === 'Parquet' ? 'parquet' : 'orc';
      const key = `${folder}data/${req.date}-${i}-${Math.random().toString(36).slice(2, 10)}.${ext}`;
      const path = join(tmp, `${i}.${ext}`);
      // ORC is never read: a placeholder body is enough to exercise the refusal.
      const file =
        req.format === 'Parquet'
          ? await writeParquet(path, rows, req.parquetRowGroupRows)
          : await writeCsvGz(path, rows);
      written.push({ key, file });
      await client.send(new PutObjectCommand({ Bucket: req.destBucket, Key: key, Body: readFileSync(path) }));
    }
    const text = manifestJson({
      sourceBucket: req.sourceBucket,
      destinationBucket: req.destBucket,
      format: req.format,
      fileSchema:
        req.format === 'ORC' ? 'struct<bucket:string,key:string,size:bigint,encryption_status:string>' : undefined,
      files: written.map((w) => ({ key: w.key, size: w.file.size, md5: w.file.md5 })),
    });
    const manifestKey = `${folder}${req.date}/manifest.json`;
    await client.send(new PutObjectCommand({ Bucket: req.destBucket, Key: manifestKey, Body: text }));
    await client.send(
      new PutObjectCommand({
        Bucket: req.destBucket,
        Key: `${folder}${req.date}/manifest.checksum`,
        Body: manifestChecksum(text),
      }),
    );
    return {
      manifestKey,
      manifestUrl: `s3://${req.destBucket}/${manifestKey}`,
      dataKeys: written.map((w) => w.key),
      folder,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
