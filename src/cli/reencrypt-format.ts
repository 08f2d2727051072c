// Text rendering of a re-encryption plan and report for `s3enc reencrypt` (JSON goes out as the data itself).
import type { ReencryptPlan, ReencryptReport } from '../core/reencrypt';
import { describeTarget } from '../core/reencrypt';

const METHOD_LABELS = {
  update: 'UpdateObjectEncryption (no copy)',
  copy: 'in-place copy',
  rewrite: 'download + upload',
  skip: 'skipped',
} as const;

function n(x: number): string {
  return x.toLocaleString('en-US');
}

export function bytesText(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatPlan(plan: ReencryptPlan): string {
  const lines = [
    `Re-encrypt s3://${plan.bucket}/${plan.prefix} to ${describeTarget(plan.target)}: ${n(plan.items.length)} object(s)`,
  ];
  for (const m of ['update', 'copy', 'rewrite', 'skip'] as const) {
    const t = plan.byMethod[m];
    if (t.objects)
      lines.push(
        `  ${METHOD_LABELS[m].padEnd(34)} ${n(t.objects).padStart(9)} objects  ${bytesText(t.bytes).padStart(10)}`,
      );
  }
  for (const [reason, count] of Object.entries(plan.skipped)) lines.push(`    ${reason}: ${n(count)}`);
  if (plan.updateAssumption === 'unsupported')
    lines.push('  (this endpoint is not known to implement UpdateObjectEncryption: those objects are copied)');
  const k = plan.kms;
  lines.push(
    `KMS requests (estimate): ${n(k.withoutBucketKey)} without a Bucket Key, ~${n(k.withBucketKey)} with one; ` +
      `default quota in ${k.region}: ${n(k.quotaPerSecond)}/s (shared by the account)`,
  );
  lines.push(`Recommendation: ${k.recommendation}`);
  return `${lines.join('\n')}\n`;
}

export function formatReport(report: ReencryptReport, plan: ReencryptPlan): string {
  const lines: string[] = [];
  for (const s of report.skipped)
    if (s.reason !== 'already-in-target' && s.reason !== 'filtered-out')
      lines.push(`skipped: s3://${plan.bucket}/${s.key}: ${s.why}`);
  for (const f of report.failed) lines.push(`failed: s3://${plan.bucket}/${f.key}: ${f.error}`);
  if (report.updateFallback) lines.push(`note: ${report.updateFallback}; copied instead`);
  const by = (m: string) => report.changed.filter((c) => c.method === m).length;
  lines.push(
    `${report.cancelled ? 'Cancelled after' : 'Done:'} ${n(report.changed.length)} re-encrypted (${n(by('update'))} updated, ${n(by('copy'))} copied, ${n(by('rewrite'))} rewritten), ` +
      `${n(report.skipped.length)} skipped, ${n(report.failed.length)} failed` +
      `${report.throttled ? `, ${n(report.throttled)} throttled answers retried` : ''} in ${(report.elapsedMs / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

/** The plan as JSON: totals, estimate and one line per object (key, mode, method, reason). */
export function planJson(plan: ReencryptPlan): object {
  return {
    bucket: plan.bucket,
    prefix: plan.prefix,
    target: plan.target,
    byMethod: plan.byMethod,
    skipped: plan.skipped,
    kms: plan.kms,
    updateAssumption: plan.updateAssumption,
    objects: plan.items.map((i) => ({
      key: i.key,
      size: i.size,
      mode: i.mode,
      ...(i.kmsKeyId ? { kmsKeyId: i.kmsKeyId } : {}),
      method: i.choice.method,
      ...(i.choice.method === 'skip' ? { reason: i.choice.reason } : {}),
      why: i.choice.why,
    })),
  };
}
