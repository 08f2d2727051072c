// Which KMS keys protect the SSE-KMS / DSSE-KMS objects. The inventory has no key ARN, so a uniform sample of
// those objects gets a HeadObject each, and each key's share comes with its 95% margin of error (normal
// approximation with the finite-population correction). A scan heads every object: its margin is 0.
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapWithConcurrency } from '../s3/object-listing-report';
import type { SampledObject } from './tally';

export interface KmsKeyShare {
  keyId: string;
  /** Objects in the sample with this key. */
  sampled: number;
  /** Share of the sample (0..1). */
  share: number;
  /** 95% margin of error of the share (0..1). */
  margin95: number;
  /** Estimated objects in the whole population. */
  estimatedObjects: number;
}

export interface KmsKeyDistribution {
  /** SSE-KMS + DSSE-KMS objects counted. */
  population: number;
  /** Objects whose HeadObject answered. */
  sampled: number;
  /** HeadObject failures (access denied, deleted since the report, ...), not counted in shares. */
  failed: number;
  exact: boolean;
  keys: KmsKeyShare[];
}

export const DEFAULT_KMS_SAMPLE = 100;

export function marginOfError95(share: number, sampled: number, population: number): number {
  if (sampled <= 0 || sampled >= population) return 0;
  const fpc = population > 1 ? (population - sampled) / (population - 1) : 0;
  return 1.96 * Math.sqrt(((share * (1 - share)) / sampled) * fpc);
}

export function keyDistribution(keyIds: string[], population: number, failed: number): KmsKeyDistribution {
  const counts = new Map<string, number>();
  for (const k of keyIds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const n = keyIds.length;
  const exact = n >= population;
  return {
    population,
    sampled: n,
    failed,
    exact,
    keys: [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([keyId, sampled]) => {
        const share = n ? sampled / n : 0;
        return {
          keyId,
          sampled,
          share,
          margin95: exact ? 0 : marginOfError95(share, n, population),
          estimatedObjects: Math.round(share * population),
        };
      }),
  };
}

/** HeadObject on each sampled object (bounded concurrency) and the resulting key distribution. */
export async function sampleKmsKeys(
  client: S3Client,
  bucket: string,
  sample: SampledObject[],
  population: number,
  concurrency = 8,
): Promise<KmsKeyDistribution> {
  let failed = 0;
  const ids = await mapWithConcurrency(sample, concurrency, async (o) => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: o.key, VersionId: o.versionId }));
      return head.SSEKMSKeyId ?? '(no key reported)';
    } catch {
      failed++; // counted and reported as `failed`; the share is of the objects that answered
      return undefined;
    }
  });
  return keyDistribution(
    ids.filter((k): k is string => k !== undefined),
    population,
    failed,
  );
}
