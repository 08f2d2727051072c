// The legend: what each icon and colour in the explorer means, generated from the same table the tree uses
// and shown as a tree view (real icons in the theme's real colours, light or dark).
import { INSTRUCTION_SUFFIX } from '../../../core/crypto/envelope/recognize';
import { SECURE_TRANSPORT_KEY } from '../../../core/encryption/bucket-policy';
import { MODE_STYLES, type DisplayMode } from './mode-style';

export interface LegendRow {
  id: string;
  label: string;
  description?: string;
  tooltip: string;
  icon?: { id: string; color?: string };
}

export interface LegendSection {
  id: string;
  label: string;
  rows: LegendRow[];
}

/** Display names for the modes whose key is not already what users read. */
const MODE_LABELS: Partial<Record<DisplayMode, string>> = {
  none: 'Not encrypted',
  pending: 'Being classified',
  unknown: 'Unknown',
  'not-reported': 'SSE not reported by this endpoint',
};

export function legendSections(): LegendSection[] {
  const objects = (Object.keys(MODE_STYLES) as DisplayMode[]).map((mode) => {
    const s = MODE_STYLES[mode];
    return {
      id: `legend/object/${mode}`,
      label: MODE_LABELS[mode] ?? mode,
      description: s.meaning,
      tooltip: s.meaning,
      icon: { id: s.icon, color: s.color },
    };
  });
  return [
    { id: 'legend/objects', label: 'Objects', rows: objects },
    {
      id: 'legend/buckets',
      label: 'Buckets',
      rows: [
        {
          id: 'legend/bucket/default',
          label: 'Default encryption on',
          description: 'SSE-S3, SSE-KMS or DSSE-KMS',
          tooltip: 'New objects are encrypted even when an upload sends no SSE header.',
          icon: { id: 'database', color: 'charts.green' },
        },
        {
          id: 'legend/bucket/none',
          label: 'No default encryption',
          description: 'uploads without an SSE header stay unencrypted',
          tooltip: 'The bucket has no default encryption configuration.',
          icon: { id: 'database', color: 'charts.red' },
        },
        {
          id: 'legend/bucket/unknown',
          label: 'Default encryption unknown',
          description: 'access denied, or not reported by this endpoint',
          tooltip:
            'GetBucketEncryption was denied, failed, or the endpoint answers without saying (some S3-compatible servers).',
          icon: { id: 'database', color: 'disabledForeground' },
        },
      ],
    },
    {
      id: 'legend/reading',
      label: 'Reading the tree',
      rows: [
        {
          id: 'legend/read/counts',
          label: 'loaded: 3 SSE-KMS, 1 none',
          description: 'on a bucket or folder row',
          tooltip:
            'Counts per mode of the objects loaded so far under it, opened folders included. Instruction files count with their object.',
          icon: { id: 'list-unordered' },
        },
        {
          id: 'legend/read/tls',
          label: 'TLS enforced',
          description: 'the bucket policy denies plain HTTP',
          tooltip: `A Deny statement on ${SECURE_TRANSPORT_KEY} = false.`,
          icon: { id: 'lock-small' },
        },
        {
          id: 'legend/read/instruction',
          label: 'Instruction files',
          description: 'shown in their object’s hover',
          tooltip: `A client-side envelope stored as KEY${INSTRUCTION_SUFFIX} belongs to KEY: it is not listed or counted as an object of its own.`,
          icon: { id: 'file-code' },
        },
        {
          id: 'legend/read/lazy',
          label: 'Classified when shown',
          description: 'HeadObject, a few at a time',
          tooltip:
            'Objects are classified only once their folder is opened (setting s3enc.explorer.headObjectConcurrency).',
          icon: { id: 'loading~spin' },
        },
      ],
    },
  ];
}
