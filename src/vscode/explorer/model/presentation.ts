// How each node looks: label, description, markdown tooltip, icon and contextValue. Pure functions of
// the node and its loaded state, so tests can check exactly what a user sees.
import { describeDefaultEncryption, type BucketEncryptionInfo } from '../../../core/s3/bucket-info';
import { describeEncryption, ENCRYPTION_MODES, type ObjectEncryption } from '../../../core/s3/object-encryption';
import { countModes, displayModeOf, type ContainerState, type ModeCounts } from './container-state';
import { MODE_STYLES, objectContextValue, type DisplayMode } from './mode-style';
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
const COUNT_ORDER: DisplayMode[] = [...ENCRYPTION_MODES, 'not-reported', 'pending'];
const COUNT_LABEL: Partial<Record<DisplayMode, string>> = { 'not-reported': 'SSE not reported' };

export function formatCounts(counts: ModeCounts): string {
  return COUNT_ORDER.filter((m) => counts[m])
    .map((m) => `${counts[m]} ${COUNT_LABEL[m] ?? m}`)
    .join(', ');
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to tell keys apart, not enough to copy. */
export function maskAccessKeyId(id: string): string {
  return id.length <= 8 ? '…' : `${id.slice(0, 4)}…${id.slice(-4)}`;
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
  const cred =
    c.credentials.kind === 'profile'
      ? `profile ${c.credentials.profile}`
      : c.credentials.kind === 'static'
        ? `key ${maskAccessKeyId(c.credentials.accessKeyId)}`
        : c.credentials.kind;
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

function presentBucket(node: BucketNode, state: ContainerState | undefined, under: ModeCounts): NodePresentation {
  const counts = formatCounts(under);
  const base = { id: node.id, label: node.bucket, contextValue: 's3enc.bucket', collapsible: 'collapsed' as const };
  const filter = state?.filter ? ` · filter "${state.filter}"` : '';
  if (!node.info) {
    return {
      ...base,
      description: `reading encryption…${filter}`,
      icon: { id: 'loading~spin' },
      tooltip: `**${node.bucket}**\n\nReading default encryption and policy…`,
    };
  }
  const enc = node.info.defaultEncryption;
  const { tls, uploads } = policySummary(node.info);
  const icon =
    enc.mode === 'unknown' // also "not reported by this endpoint": grey, neither good nor bad
      ? { id: 'database', color: 'disabledForeground' }
      : enc.mode === 'none'
        ? { id: 'database', color: 'charts.red' }
        : { id: 'database', color: 'charts.green' };
  const lines = [
    `**${node.bucket}**`,
    '',
    // RGW names its zonegroup ("default") as the location: say what the word is.
    ...(node.region ? [`- Region: ${node.region}`] : []),
    `- Default encryption: ${enc.notReported ? 'not reported by this endpoint' : describeDefaultEncryption(enc)}${enc.kmsKeyId ? ` (\`${enc.kmsKeyId}\`)` : ''}${enc.reason && !enc.notReported ? ` — ${enc.reason}` : ''}`,
    // Only a known default encryption has a bucket-key setting; "off" would be a guess otherwise.
    ...(enc.mode === 'none' || enc.mode === 'unknown' ? [] : [`- Bucket key: ${enc.bucketKeyEnabled ? 'on' : 'off'}`]),
    ...(enc.sseCBlocked
      ? [
          `- 🔒 ${SSE_C_BLOCKED_BADGE} (BlockedEncryptionTypes): S3's default for new buckets since April 2026; reads of SSE-C objects still work`,
        ]
      : []),
    `- ${tls}${node.info.policy.status === 'unknown' ? ` — ${node.info.policy.reason}` : ''}`,
    `- ${uploads}`,
  ];
  if (counts) lines.push(`- Objects loaded so far (opened folders included): ${counts}`);
  if (state?.filter) lines.push(`- Prefix filter: \`${state.filter}\``);
  return {
    ...base,
    // Short in the row (the hover and the legend say "by this endpoint"): the row is narrow.
    description:
      [
        enc.notReported ? 'default encryption not reported' : describeDefaultEncryption(enc),
        enc.sseCBlocked ? `🔒 ${SSE_C_BLOCKED_BADGE}` : '',
        tls,
        counts && `loaded: ${counts}`,
      ]
        .filter(Boolean)
        .join(' · ') + filter,
    tooltip: lines.join('\n'),
    icon,
  };
}

function presentFolder(node: FolderNode, state: ContainerState | undefined, under: ModeCounts): NodePresentation {
  const counts = formatCounts(under);
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

function encryptionDetails(enc: ObjectEncryption, shown: DisplayMode): string[] {
  const name = shown === 'not-reported' ? 'SSE not reported by this endpoint' : enc.mode;
  const lines = [`- Encryption: **${name}** — ${MODE_STYLES[shown].meaning}`];
  if (enc.kmsKeyId) lines.push(`- KMS key: \`${enc.kmsKeyId}\``);
  if (enc.bucketKeyEnabled !== undefined) lines.push(`- Bucket key: ${enc.bucketKeyEnabled ? 'on' : 'off'}`);
  if (enc.sseCustomerKeyName) lines.push(`- SSE-C key: **${enc.sseCustomerKeyName}** (key store)`);
  if (enc.sseCustomerKeyMd5) lines.push(`- SSE-C key MD5: \`${enc.sseCustomerKeyMd5}\``);
  if (enc.mode === 'SSE-C' && !enc.sseCustomerKeyName)
    lines.push('- No key in the key store opens it (S3 Encryption: Import Key… adds one)');
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
  const mode = displayModeOf(node);
  const style = MODE_STYLES[mode];
  const label = node.key.slice(node.prefix.length) || node.key;
  const meta = [`${node.object.size} bytes`, node.object.lastModified?.toISOString()].filter(Boolean).join(', ');
  const head = [`\`s3://${node.bucket}/${node.key}\``, '', `- ${meta}`];
  if (node.orphanInstruction) {
    return {
      id: node.id,
      label,
      description: 'key envelope (instruction file); its object is not listed',
      tooltip: [
        ...head,
        '- A client-side encryption envelope file. The object it belongs to is not listed here, so nothing can be decrypted with it.',
      ].join('\n'),
      icon: { id: 'file-code', color: 'disabledForeground' },
      contextValue: 's3enc.object.instruction',
      collapsible: 'none',
    };
  }
  const envelope = node.instructionFile
    ? [
        `- Key envelope: \`${node.instructionFile.key.slice(node.prefix.length)}\` (${node.instructionFile.size} bytes, instruction file listed with it)`,
      ]
    : [];
  return {
    id: node.id,
    label,
    description: !enc
      ? 'classifying…'
      : mode === 'not-reported'
        ? 'SSE not reported by this endpoint'
        : `${describeEncryption(enc)}${node.inventoryDate ? ` · inventory ${node.inventoryDate}` : ''}`,
    tooltip: [
      ...head,
      ...(enc ? encryptionDetails(enc, mode) : ['- Encryption: being classified…']),
      ...(enc && node.inventoryDate
        ? [
            `- From the bucket's S3 Inventory report of ${node.inventoryDate} (no HeadObject sent); Refresh on this object asks S3 now`,
          ]
        : []),
      ...envelope,
    ].join('\n'),
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

/**
 * `countsUnder`: counts of everything loaded under a bucket/folder, opened folders included (the model's
 * countsUnder); without it, the container's own page only.
 */
export function presentNode(
  node: ExplorerNode,
  stateOf: (node: BucketNode | FolderNode) => ContainerState | undefined,
  countsUnder: (node: BucketNode | FolderNode) => ModeCounts = (n) => countModes(stateOf(n)),
): NodePresentation {
  switch (node.kind) {
    case 'connection':
      return presentConnection(node);
    case 'bucket':
      return presentBucket(node, stateOf(node), countsUnder(node));
    case 'folder':
      return presentFolder(node, stateOf(node), countsUnder(node));
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
