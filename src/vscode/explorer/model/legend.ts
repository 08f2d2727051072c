// The legend: what each icon and color in the explorer means, generated from the same table the tree uses.
import { SECURE_TRANSPORT_KEY } from '../../../core/encryption/bucket-policy';
import { MODE_STYLES, objectContextValue, type DisplayMode } from './mode-style';

export function legendMarkdown(): string {
  const rows = (Object.keys(MODE_STYLES) as DisplayMode[]).map((mode) => {
    const s = MODE_STYLES[mode];
    return `| $(${s.icon}) \`${s.icon}\` | ${s.color ?? 'default'} | **${mode}** | ${s.meaning} | \`${objectContextValue(mode)}\` |`;
  });
  return [
    '# S3 Encryption Explorer — legend',
    '',
    '## Objects',
    '',
    '| icon | color | mode | meaning | contextValue |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Buckets',
    '',
    '- Green database icon: the bucket has default encryption (SSE-S3, SSE-KMS or DSSE-KMS).',
    '- Red database icon: no default encryption.',
    '- Grey database icon: default encryption unknown (access denied or not supported by the service).',
    '- The description shows the default encryption, whether the bucket policy enforces TLS',
    `  (a Deny on \`${SECURE_TRANSPORT_KEY}\` = false), and counts per mode for the objects loaded so far.`,
    '',
    'Objects are classified with HeadObject only once they are shown, a few at a time',
    '(setting `s3enc.explorer.headObjectConcurrency`).',
  ].join('\n');
}
