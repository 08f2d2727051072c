// How each node looks: label, description, markdown tooltip, icon and contextValue. Pure functions of
// the node and its loaded state, so tests can check exactly what a user sees.
import { describeDefaultEncryption, type BucketEncryptionInfo } from '../../../core/s3/bucket-info';
import { describeEncryption, ENCRYPTION_MODES, type ObjectEncryption } from '../../../core/s3/object-encryption';
import { countModes, type ContainerState, type ModeCounts } from './container-state';
import { MODE_STYLES, objectContextValue } from './mode-style';
import { jobPercent } from '../../../core/batch/jobs';
import type { BucketNode, ConnectionNode, ExplorerNode, FolderNode, JobNode, ObjectNode } from './nodes';

export interface NodePresentation {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: { id: string; color?: string };
  contextValue: string;
  collapsible: 'none' | 'collapsed';
  /** Command run on click, with the node as its argument. */
  command?: { id: string; title: string };
}

export const SSE_C_BLOCKED_BADGE = 'SSE-C writes blocked';

export function formatCounts(counts: ModeCounts): string {
  return [...ENCRYPTION_MODES, 'pending' as const]
    .filter((m) => counts[m])
    .map((m) => `${counts[m]} ${m}`)
    .join(', ');
}

function policySummary(info: BucketEncryptionInfo): { tls: string; uploads: string } {
  const p = info.policy;
  if (p.status === 'unknown') return { tls: 'TLS policy unknown', uploads: 'upload policy unknown' };
  if (p.status === 'no-policy') return { tls: 'TLS not enforced', uploads: 'unencrypted uploads allowed' };
  return {
    tls: p.deniesInsecureTransport ? 'TLS enforced' : 'TLS not enforced',
    uploads: p.deniesUnencryptedUploads
      ? `unencrypted uploads denied${p.requiredEncryption ? ` (requires ${p.requiredEncryption.join(' or ')})` : ''}`
      : 'unencrypted uploads allowed',
  };
}

function presentConnection(node: ConnectionNode): NodePresentation {
  const c = node.connection;
  const cred = c.credentials.kind === 'profile' ? `profile ${c.credentials.profile}` : c.credentials.kind === 'static' ? `key ${c.credentials.accessKeyId}` : c.credentials.kind;
  const where = c.endpoint ?? 'AWS';
  return {
    id: node.id,
    label: c.label,
    description: `${where} · ${cred}${c.region ? ` · ${c.region}` : ''}`,
    tooltip: `**${c.label}**\n\n- Endpoint: ${where}${c.forcePathStyle ? ' (path-style)' : ''}\n- Credentials: ${cred}\n- Region: ${c.region ?? 'from profile / us-east-1'}`,
    icon: { id: c.endpoint ? 'server' : 'cloud' },
    contextValue: 's3enc.connection',
    collapsible: 'collapsed',
  };
}

function presentBucket(node: BucketNode, state: ContainerState | undefined): NodePresentation {
  const counts = formatCounts(countModes(state));
  const base = { id: node.id, label: node.bucket, contextValue: 's3enc.bucket', collapsible: 'collapsed' as const };
  const filter = state?.filter ? ` · filter "${state.filter}"` : '';
  if (!node.info) {
    return { ...base, description: `reading encryption…${filter}`, icon: { id: 'loading~spin' }, tooltip: `**${node.bucket}**\n\nReading default encryption and policy…` };
  }
  const enc = node.info.defaultEncryption;
  const { tls, uploads } = policySummary(node.info);
  const icon =
    enc.mode === 'unknown'
      ? { id: 'database', color: 'disabledForeground' }
      : enc.mode === 'none'
        ? { id: 'database', color: 'charts.red' }
        : { id: 'database', color: 'charts.green' };
  const lines = [
    `**${node.bucket}**${node.region ? ` — ${node.region}` : ''}`,
    '',
    `- Default encryption: ${describeDefaultEncryption(enc)}${enc.kmsKeyId ? ` (\`${enc.kmsKeyId}\`)` : ''}${enc.reason ? ` — ${enc.reason}` : ''}`,
    `- Bucket key: ${enc.bucketKeyEnabled ? 'on' : 'off'}`,
    ...(enc.sseCBlocked ? [`- 🔒 ${SSE_C_BLOCKED_BADGE} (BlockedEncryptionTypes): S3's default for new buckets since April 2026; reads of SSE-C objects still work`] : []),
    `- ${tls}${node.info.policy.status === 'unknown' ? ` — ${node.info.policy.reason}` : ''}`,
    `- ${uploads}`,
  ];
  if (counts) lines.push(`- Loaded objects: ${counts}`);
  if (state?.filter) lines.push(`- Prefix filter: \`${state.filter}\``);
  return {
    ...base,
    description: [describeDefaultEncryption(enc), enc.sseCBlocked ? `🔒 ${SSE_C_BLOCKED_BADGE}` : '', tls, counts].filter(Boolean).join(' · ') + filter,
    tooltip: lines.join('\n'),
    icon,
  };
}

function presentFolder(node: FolderNode, state: ContainerState | undefined): NodePresentation {
  const counts = formatCounts(countModes(state));
  const name = node.prefix.slice(0, -1).split('/').pop() ?? node.prefix;
  const filter = state?.filter ? `filter "${state.filter}"` : '';
  return {
    id: node.id,
    label: `${name}/`,
    description: [counts, filter].filter(Boolean).join(' · ') || undefined,
    tooltip: `\`s3://${node.bucket}/${node.prefix}\`${counts ? `\n\nLoaded objects: ${counts}` : ''}`,
    icon: { id: 'folder' },
    contextValue: 's3enc.folder',
    collapsible: 'collapsed',
  };
}

function encryptionDetails(enc: ObjectEncryption): string[] {
  const lines = [`- Encryption: **${enc.mode}** — ${MODE_STYLES[enc.mode].meaning}`];
  if (enc.kmsKeyId) lines.push(`- KMS key: \`${enc.kmsKeyId}\``);
  if (enc.bucketKeyEnabled !== undefined) lines.push(`- Bucket key: ${enc.bucketKeyEnabled ? 'on' : 'off'}`);
  if (enc.sseCustomerKeyMd5) lines.push(`- SSE-C key MD5: \`${enc.sseCustomerKeyMd5}\``);
  if (enc.wrapAlgorithm) lines.push(`- Key wrap: ${enc.wrapAlgorithm}`);
  if (enc.contentAlgorithm) lines.push(`- Content: ${enc.contentAlgorithm}`);
  if (enc.envelope) lines.push(`- Envelope: ${enc.envelope}`);
  if (enc.serverSide) lines.push(`- Also server-side: ${enc.serverSide}`);
  if (enc.legacy) lines.push('- Legacy format: reading needs legacy decryption enabled');
  if (enc.reason) lines.push(`- Note: ${enc.reason}`);
  return lines;
}

function presentObject(node: ObjectNode): NodePresentation {
  const enc = node.encryption;
  const mode = enc?.mode ?? 'pending';
  const style = MODE_STYLES[mode];
  const label = node.key.slice(node.prefix.length) || node.key;
  const meta = [`${node.object.size} bytes`, node.object.lastModified?.toISOString()].filter(Boolean).join(', ');
  return {
    id: node.id,
    label,
    description: enc ? describeEncryption(enc) : 'classifying…',
    tooltip: [`\`s3://${node.bucket}/${node.key}\``, '', `- ${meta}`, ...(enc ? encryptionDetails(enc) : ['- Encryption: being classified…'])].join('\n'),
    icon: { id: style.icon, color: style.color },
    contextValue: objectContextValue(mode),
    collapsible: 'none',
  };
}

const JOB_ICONS: Record<string, { id: string; color?: string }> = {
  Active: { id: 'sync~spin' },
  Suspended: { id: 'debug-pause', color: 'charts.yellow' },
  Complete: { id: 'pass', color: 'charts.green' },
  Failed: { id: 'error', color: 'errorForeground' },
  Cancelled: { id: 'circle-slash' },
};

/** A ten-cell text bar: tree rows cannot hold a real progress bar. */
export function progressBar(percent: number): string {
  const full = Math.max(0, Math.min(10, Math.round(percent / 10)));
  return `${'▰'.repeat(full)}${'▱'.repeat(10 - full)} ${percent}%`;
}

function presentJob(node: JobNode): NodePresentation {
  const j = node.job;
  const status = j?.status ?? 'loading';
  const percent = j ? jobPercent(j) : 0;
  const counts = j?.total !== undefined ? `${(j.succeeded ?? 0) + (j.failed ?? 0)}/${j.total}` : '';
  const failed = j?.failed ? ` · ${j.failed} failed` : '';
  const waiting = status === 'Suspended' ? ' · waiting for confirmation' : '';
  const lines = [
    `**Batch Operations job** \`${node.jobId}\``,
    '',
    `- Status: ${status}${j?.statusUpdateReason ? ` (${j.statusUpdateReason})` : ''}`,
    `- Operation: ${j?.operation ?? '…'}${j?.priority !== undefined ? `, priority ${j.priority}` : ''}`,
    `- Progress: ${j?.succeeded ?? 0} succeeded, ${j?.failed ?? 0} failed of ${j?.total ?? '?'}`,
    ...(j?.reportLocation ? [`- Completion report: \`${j.reportLocation}\``] : []),
    ...(j?.failureReasons ?? []).map((f) => `- Failure: ${f}`),
    ...(node.error ? [`- Last refresh failed: ${node.error}`] : []),
  ];
  return {
    id: node.id,
    label: `Batch job ${node.jobId.slice(0, 8)}`,
    description: `${status} · ${progressBar(percent)}${counts ? ` (${counts})` : ''}${failed}${waiting}`,
    tooltip: lines.join('\n'),
    icon: JOB_ICONS[status] ?? { id: 'tasklist' },
    contextValue: `s3enc.job.${status.toLowerCase()}`,
    collapsible: 'none',
  };
}

export function presentNode(node: ExplorerNode, stateOf: (node: BucketNode | FolderNode) => ContainerState | undefined): NodePresentation {
  switch (node.kind) {
    case 'connection':
      return presentConnection(node);
    case 'bucket':
      return presentBucket(node, stateOf(node));
    case 'folder':
      return presentFolder(node, stateOf(node));
    case 'object':
      return presentObject(node);
    case 'job':
      return presentJob(node);
    case 'loadMore':
      return {
        id: node.id,
        label: 'Load more…',
        description: `${node.loaded} loaded`,
        icon: { id: 'ellipsis' },
        contextValue: 's3enc.loadMore',
        collapsible: 'none',
        command: { id: 's3enc.loadMore', title: 'Load more' },
      };
    case 'message':
      return node.severity === 'error'
        ? {
            id: node.id,
            label: node.message,
            description: 'click to retry',
            tooltip: `**${node.fault?.kind ?? 'Error'}**\n\n${node.message}\n\nClick to retry.`,
            icon: { id: 'error', color: 'errorForeground' },
            contextValue: 's3enc.error',
            collapsible: 'none',
            command: { id: 's3enc.retry', title: 'Retry' },
          }
        : { id: node.id, label: node.message, icon: { id: 'info' }, contextValue: 's3enc.info', collapsible: 'none' };
  }
}
