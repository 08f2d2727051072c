// The plan in a few lines for a confirmation dialog: per method counts and bytes, skips with reasons, and
// the KMS request estimate with its recommendation.
import { reportedModeName, type SseReporting } from '../s3/endpoint-probe';
import { formatBytes } from '../transfer/progress';
import type { ReencryptPlan } from './plan';
import { describeTarget } from './target';

const LABELS = {
  update: 'UpdateObjectEncryption (no copy)',
  copy: 'in-place copy',
  rewrite: 'download + upload',
  skip: 'skipped',
} as const;

/** `sseReporting`: what the endpoint reports (endpoint-probe); on a silent one, "none" is counted as "not reported". */
export function planSummaryLines(plan: ReencryptPlan, sseReporting?: SseReporting): string[] {
  const n = (x: number) => x.toLocaleString('en-US');
  const byMode = new Map<string, number>();
  for (const i of plan.items) {
    const mode = reportedModeName(i.mode, sseReporting);
    byMode.set(mode, (byMode.get(mode) ?? 0) + 1);
  }
  const modes = [...byMode].map(([m, c]) => `${n(c)} ${m}`).join(', ');
  const bytes = plan.items.reduce((t, i) => t + i.size, 0);
  const lines = [
    `Dry run for s3://${plan.bucket}/${plan.prefix}: ${n(plan.items.length)} object(s), ${formatBytes(bytes)} (${modes || 'none found'}) → ${describeTarget(plan.target)}.`,
  ];
  for (const m of ['update', 'copy', 'rewrite', 'skip'] as const) {
    const t = plan.byMethod[m];
    if (t.objects) lines.push(`• ${LABELS[m]}: ${n(t.objects)} (${formatBytes(t.bytes)})`);
  }
  const reasons = Object.entries(plan.skipped).map(([r, c]) => `${r} ${n(c)}`);
  if (reasons.length) lines.push(`  skipped because: ${reasons.join(', ')}`);
  const k = plan.kms;
  if (k.withoutBucketKey > 0) {
    lines.push(
      `KMS requests (estimate): ${n(k.withoutBucketKey)} without a Bucket Key, ~${n(k.withBucketKey)} with one; default quota in ${k.region}: ${n(k.quotaPerSecond)}/s, shared by the account.`,
    );
  }
  lines.push(k.recommendation);
  return lines;
}
