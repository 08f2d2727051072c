// Classifies one object over the network: HeadObject, plus a small GET of its instruction file when the
// envelope lives there. A 400 on HeadObject without a key is how S3 (and RGW) answer for SSE-C objects,
// so it is a classification, not an error. Other failures become mode "unknown" with the fault's message,
// except a wrong-region answer, which is thrown for the caller's region retry.
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { regionFromError, S3Fault, toS3Fault } from './faults';
import { instructionKeyFor, subjectOfInstructionKey } from '../crypto/envelope/recognize';
import { classifyHead, hintsInstructionFile, parseInstructionFile, type ObjectEncryption } from './object-encryption';

/** Instruction files are a few hundred bytes; never read more than this. */
const MAX_INSTRUCTION_BYTES = 64 * 1024;

export interface ClassifyOptions {
  /** The listing showed the object's instruction file next to it. */
  instructionSibling?: boolean;
  /** An SSE-C key the user holds for this object: sent with HeadObject so S3 confirms it and reports its MD5. */
  sseCustomerKey?: Buffer;
  profile?: string;
  endpoint?: string;
}

export interface ObjectClassification extends ObjectEncryption {
  /** Set when mode is "unknown" because a call failed. */
  fault?: S3Fault;
}

export async function classifyObjectEncryption(
  client: S3Client,
  bucket: string,
  key: string,
  opts: ClassifyOptions = {},
): Promise<ObjectClassification> {
  const faultCtx = { operation: 'HeadObject', bucket, key, profile: opts.profile, endpoint: opts.endpoint };
  let head;
  try {
    head = await client.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(opts.sseCustomerKey
          ? {
              SSECustomerAlgorithm: 'AES256',
              SSECustomerKey: opts.sseCustomerKey.toString('base64'),
              SSECustomerKeyMD5: createHash('md5').update(opts.sseCustomerKey).digest('base64'),
            }
          : {}),
      }),
    );
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // A 400 that names a region other than the one we signed for is a region mismatch, not SSE-C.
    const named = status === 400 ? regionFromError(err) : undefined;
    if (status === 400 && !opts.sseCustomerKey && (!named || named === (await client.config.region()))) {
      return {
        mode: 'SSE-C',
        sseCustomerAlgorithm: 'AES256',
        reason: 'HeadObject needs the customer key (400 without it)',
      };
    }
    const fault = toS3Fault(err, faultCtx);
    // Thrown so ClientPool.forBucket can repeat the call in the right region.
    if (fault.kind === 'WrongRegion') throw fault;
    return { mode: 'unknown', reason: fault.message, fault };
  }
  let instruction: Record<string, string> | undefined;
  const needsInstruction = opts.instructionSibling || (head.Metadata && hintsInstructionFile(head.Metadata));
  if (needsInstruction && subjectOfInstructionKey(key) === undefined) {
    try {
      instruction = await readInstructionFile(client, bucket, instructionKeyFor(key), faultCtx);
    } catch (err) {
      // The object itself was readable; report what HeadObject says and why the envelope is missing.
      const fault = toS3Fault(err, faultCtx);
      return { ...classifyHead(head), reason: fault.message, fault };
    }
  }
  return classifyHead(head, instruction);
}

/** The parsed instruction file, or undefined when there is none (404) or it is not one. */
async function readInstructionFile(
  client: S3Client,
  bucket: string,
  key: string,
  faultCtx: { operation: string; profile?: string; endpoint?: string },
): Promise<Record<string, string> | undefined> {
  try {
    const out = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${MAX_INSTRUCTION_BYTES - 1}` }),
    );
    const text = (await out.Body?.transformToString('utf8')) ?? '';
    return parseInstructionFile(text);
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw toS3Fault(err, { ...faultCtx, operation: 'GetObject (instruction file)', bucket, key });
  }
}
