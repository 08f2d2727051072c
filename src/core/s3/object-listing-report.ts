// One classified page of a listing, in key order: what `s3enc ls` prints and what tests compare against
// the tree. Classification runs with bounded concurrency; a failure on one object never fails the page.
import type { S3Client } from '@aws-sdk/client-s3';
import { subjectOfInstructionKey } from '../crypto/envelope/recognize';
import { classifyObjectEncryption, type ObjectClassification } from './classify-object';
import type { ObjectSummary } from './listing';
import type { ObjectEncryption } from './object-encryption';

export interface ClassifiedObject extends ObjectSummary {
  encryption: ObjectEncryption;
}

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Keys of instruction files seen in a page, as the keys they describe. */
export function instructionTargets(keys: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const k of keys) {
    const subject = subjectOfInstructionKey(k);
    if (subject !== undefined) out.add(subject);
  }
  return out;
}

/** Drops the fault object (not serialisable) and keeps the user-facing reason. */
export function publicEncryption(c: ObjectClassification): ObjectEncryption {
  const { fault: _fault, ...rest } = c;
  return rest;
}

export async function classifyPage(
  client: S3Client,
  bucket: string,
  objects: ObjectSummary[],
  concurrency: number,
  hints: { profile?: string; endpoint?: string } = {},
): Promise<ClassifiedObject[]> {
  const siblings = instructionTargets(objects.map((o) => o.key));
  return mapWithConcurrency(objects, concurrency, async (o) => {
    const c = await classifyObjectEncryption(client, bucket, o.key, {
      instructionSibling: siblings.has(o.key),
      ...hints,
    });
    return { ...o, encryption: publicEncryption(c) };
  });
}
