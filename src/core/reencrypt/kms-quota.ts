// The default shared KMS request quota for cryptographic operations (Decrypt, Encrypt, GenerateDataKey,
// ReEncrypt, …) per account and Region, which every SSE-KMS read and write in S3 draws from.
// Source: AWS KMS Developer Guide, "Request quotas" (Cryptographic operations (symmetric) request rate), as
// quoted by the S3 User Guide's SSE-KMS page: 5,500, 10,000 or 30,000 requests per second by Region. The
// values are defaults: accounts can have them raised in Service Quotas, so the estimate says "default".
export const DEFAULT_KMS_QUOTA = 5_500;

const QUOTA_BY_REGION: Record<string, number> = {
  'us-east-1': 30_000,
  'us-west-2': 30_000,
  'eu-west-1': 30_000,
  'us-east-2': 10_000,
  'ap-southeast-1': 10_000,
  'ap-southeast-2': 10_000,
  'ap-northeast-1': 10_000,
  'eu-central-1': 10_000,
  'eu-west-2': 10_000,
};

export function kmsRequestQuota(region: string | undefined): number {
  return (region ? QUOTA_BY_REGION[region] : undefined) ?? DEFAULT_KMS_QUOTA;
}

/** The table as documented, for `--help` and docs. */
export function kmsQuotaTable(): Array<{ requestsPerSecond: number; regions: string[] | 'all others' }> {
  const groups = new Map<number, string[]>();
  for (const [region, q] of Object.entries(QUOTA_BY_REGION)) groups.set(q, [...(groups.get(q) ?? []), region]);
  return [
    ...[...groups.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([requestsPerSecond, regions]) => ({ requestsPerSecond, regions })),
    { requestsPerSecond: DEFAULT_KMS_QUOTA, regions: 'all others' as const },
  ];
}
