// Whether an endpoint implements UpdateObjectEncryption, found out once and remembered for the process.
// Caution learned from Ceph RGW: it does not know the `?encryption` subresource on objects and treats
// `PUT /key?encryption` as a PutObject, replacing the object with the request's XML body (HTTP 200).
// So support is never inferred from a 200 on a real object: a throwaway probe object is updated first and
// checked with HeadObject (same ETag and size, now SSE-KMS). The probe is deleted afterwards.
import { randomUUID } from 'node:crypto';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UpdateObjectEncryptionCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3ErrorCode } from '../transfer/errors';

export interface UpdateSupport {
  supported: boolean;
  /** What the probe saw, for the plan's notes. */
  detail: string;
}

const remembered = new Map<string, Promise<UpdateSupport>>();
const settled = new Map<string, UpdateSupport>();

export const PROBE_PREFIX = '.s3enc-update-probe-';

/** The endpoint key: the custom endpoint URL, or "aws:<region>" for AWS itself. */
export async function endpointKey(client: S3Client): Promise<string> {
  const ep = client.config.endpoint ? await client.config.endpoint() : undefined;
  if (ep) return `${ep.protocol}//${ep.hostname}${ep.port ? `:${ep.port}` : ''}${ep.path ?? ''}`;
  return `aws:${await client.config.region()}`;
}

export async function updateObjectEncryptionSupport(
  client: S3Client,
  bucket: string,
  kmsKeyArn: string,
): Promise<UpdateSupport> {
  const key = await endpointKey(client);
  let known = remembered.get(key);
  if (!known) {
    known = probe(client, bucket, kmsKeyArn).then((r) => {
      settled.set(key, r);
      return r;
    });
    remembered.set(key, known);
  }
  return known;
}

/** What an earlier probe or call in this process found for this endpoint, without probing. */
export async function knownUpdateSupport(client: S3Client): Promise<UpdateSupport | undefined> {
  return settled.get(await endpointKey(client));
}

/** Records what a real call showed (e.g. NotImplemented on an endpoint probed by another process). */
export async function rememberUpdateUnsupported(client: S3Client, detail: string): Promise<void> {
  const key = await endpointKey(client);
  const value = { supported: false, detail };
  remembered.set(key, Promise.resolve(value));
  settled.set(key, value);
}

export function forgetEndpointCapabilities(): void {
  remembered.clear();
  settled.clear();
}

async function probe(client: S3Client, bucket: string, kmsKeyArn: string): Promise<UpdateSupport> {
  const key = `${PROBE_PREFIX}${randomUUID()}`;
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '', ServerSideEncryption: 'AES256' }));
    const before = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    try {
      await client.send(
        new UpdateObjectEncryptionCommand({
          Bucket: bucket,
          Key: key,
          ObjectEncryption: { SSEKMS: { KMSKeyArn: kmsKeyArn } },
        }),
      );
    } catch (err) {
      return { supported: false, detail: `UpdateObjectEncryption answered ${s3ErrorCode(err) ?? 'an error'}` };
    }
    const after = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    if (after.ETag !== before.ETag || (after.ContentLength ?? 0) !== 0) {
      return {
        supported: false,
        detail: 'the endpoint treated UpdateObjectEncryption as an upload (it does not implement it)',
      };
    }
    if (after.ServerSideEncryption !== 'aws:kms')
      return {
        supported: false,
        detail: 'the endpoint accepted UpdateObjectEncryption but did not change the encryption',
      };
    return { supported: true, detail: 'UpdateObjectEncryption verified on a probe object' };
  } catch (err) {
    return {
      supported: false,
      detail: `the probe object could not be written or read (${s3ErrorCode(err) ?? String(err)})`,
    };
  } finally {
    // A probe left behind (no delete permission) is an empty object whose name says what it is.
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((err: unknown) => {
      process.emitWarning(
        `s3enc: could not delete probe object s3://${bucket}/${key}: ${s3ErrorCode(err) ?? String(err)}`,
      );
    });
  }
}
