// The one table of encryption modes. Everything else (classification, SSE request parameters, CLI flags,
// pickers, tree styles, mandatory modes, policy explanations, the analyzer's valid values) derives from it,
// so a new mode is one row here plus the code that actually speaks it.

/** Values of S3's x-amz-server-side-encryption header. */
export type SseHeaderValue = 'AES256' | 'aws:kms' | 'aws:kms:dsse';

interface ModeRow {
  side: 'none' | 'server' | 'client' | 'unknown';
  /** The x-amz-server-side-encryption value that selects the mode (server-side modes S3 names by header). */
  header?: SseHeaderValue;
  label: string;
  /** One sentence: legend, tooltips, picker details. */
  meaning: string;
  /** A KMS key (id, context) applies. */
  needsKms: boolean;
  /** The user's own key is needed on every request (SSE-C) or to read the object (client-side). */
  needsCustomerKey: boolean;
  /** S3 Bucket Keys apply. */
  bucketKey: boolean;
  /** A format to migrate away from. */
  legacy: boolean;
  /** Front-end look: a codicon id and a theme colour id (undefined = default foreground). */
  style: { icon: string; color?: string };
  /** Loose spellings (lower case, letters and digits only) code uses for this mode's header, beyond the header and the id. */
  aliases?: readonly string[];
}

const TABLE = {
  none: {
    side: 'none',
    label: 'Not encrypted',
    meaning: 'Not encrypted by S3 or by the client.',
    needsKms: false,
    needsCustomerKey: false,
    bucketKey: false,
    legacy: false,
    style: { icon: 'unlock', color: 'charts.red' },
  },
  'SSE-S3': {
    side: 'server',
    header: 'AES256',
    label: 'SSE-S3',
    meaning: 'Server-side, S3-managed keys (AES256).',
    needsKms: false,
    needsCustomerKey: false,
    bucketKey: false,
    legacy: false,
    style: { icon: 'lock', color: 'charts.green' },
    aliases: ['aes', 's3'],
  },
  'SSE-KMS': {
    side: 'server',
    header: 'aws:kms',
    label: 'SSE-KMS',
    meaning: 'Server-side with an AWS KMS key (key id shown).',
    needsKms: true,
    needsCustomerKey: false,
    bucketKey: true,
    legacy: false,
    style: { icon: 'shield', color: 'charts.green' },
    aliases: ['kms'],
  },
  'DSSE-KMS': {
    side: 'server',
    header: 'aws:kms:dsse',
    label: 'DSSE-KMS',
    meaning: 'Dual-layer server-side encryption with a KMS key.',
    needsKms: true,
    needsCustomerKey: false,
    bucketKey: false,
    legacy: false,
    style: { icon: 'layers', color: 'charts.green' },
    aliases: ['dsse', 'kmsdsse'],
  },
  'SSE-C': {
    side: 'server',
    label: 'SSE-C',
    meaning:
      'Server-side with your own customer key, sent on every request (its key-store name shown when a stored key opens it).',
    needsKms: false,
    needsCustomerKey: true,
    bucketKey: false,
    legacy: false,
    style: { icon: 'key', color: 'charts.yellow' },
  },
  'CSE-V1': {
    side: 'client',
    label: 'CSE-V1',
    meaning: 'Client-side, legacy V1 format (AES-CBC, unauthenticated): re-encrypt.',
    needsKms: false,
    needsCustomerKey: true,
    bucketKey: false,
    legacy: true,
    style: { icon: 'warning', color: 'charts.orange' },
  },
  'CSE-V2': {
    side: 'client',
    label: 'CSE-V2',
    meaning: 'Client-side, V2 format (AES-GCM); wrap algorithm shown.',
    needsKms: false,
    needsCustomerKey: true,
    bucketKey: false,
    legacy: false,
    style: { icon: 'workspace-trusted', color: 'charts.blue' },
  },
  'CSE-V3': {
    side: 'client',
    label: 'CSE-V3',
    meaning: 'Client-side, V3 format with key commitment; wrap algorithm shown.',
    needsKms: false,
    needsCustomerKey: true,
    bucketKey: false,
    legacy: false,
    style: { icon: 'verified-filled', color: 'charts.blue' },
  },
  unknown: {
    side: 'unknown',
    label: 'unknown',
    meaning: 'Could not be determined (the tooltip says why).',
    needsKms: false,
    needsCustomerKey: false,
    bucketKey: false,
    legacy: false,
    style: { icon: 'question', color: 'disabledForeground' },
  },
} as const satisfies Record<string, ModeRow>;

type Table = typeof TABLE;
/** What an object or a bucket default IS (classification). */
export type EncryptionMode = keyof Table;
/** Server-side modes S3 selects by the x-amz-server-side-encryption header. */
export type HeaderMode = { [K in EncryptionMode]: Table[K] extends { header: string } ? K : never }[EncryptionMode];
export type ServerSideMode = { [K in EncryptionMode]: Table[K]['side'] extends 'server' ? K : never }[EncryptionMode];
export type ClientSideMode = { [K in EncryptionMode]: Table[K]['side'] extends 'client' ? K : never }[EncryptionMode];
export type KmsMode = { [K in EncryptionMode]: Table[K]['needsKms'] extends true ? K : never }[EncryptionMode];
/** What a user chooses for a write: no header (the bucket's default applies), a server-side mode, or client-side. */
export type WriteMode = 'bucket-default' | ServerSideMode | 'CSE';
/** Modes a team rule can demand for a bucket. */
export type MandatoryMode = Exclude<WriteMode, 'bucket-default'>;

export interface ModeInfo extends ModeRow {
  id: EncryptionMode;
}

export const MODES: Readonly<Record<EncryptionMode, ModeInfo>> = Object.fromEntries(
  Object.entries(TABLE).map(([id, row]) => [id, { id, ...row }]),
) as Record<EncryptionMode, ModeInfo>;

/** Every mode, in display order (legend, tables). */
export const ENCRYPTION_MODES = Object.keys(TABLE) as EncryptionMode[];

const rows = (): ModeInfo[] => ENCRYPTION_MODES.map((id) => MODES[id]);

export const HEADER_MODES = rows()
  .filter((m) => m.header !== undefined)
  .map((m) => m.id) as HeaderMode[];
export const SERVER_SIDE_MODES = rows()
  .filter((m) => m.side === 'server')
  .map((m) => m.id) as ServerSideMode[];
export const CLIENT_SIDE_MODES = rows()
  .filter((m) => m.side === 'client')
  .map((m) => m.id) as ClientSideMode[];
/** The values S3 accepts in x-amz-server-side-encryption. */
export const SSE_HEADER_VALUES: SseHeaderValue[] = HEADER_MODES.map((m) => MODES[m].header!);

/** The write choices, in picker order, with the text pickers and help show. */
export const WRITE_MODES: readonly { id: WriteMode; label: string; detail: string }[] = [
  {
    id: 'bucket-default',
    label: 'Bucket default',
    detail: "Sends no SSE header: the bucket's default encryption applies (keeps a customer-managed KMS default)",
  },
  ...SERVER_SIDE_MODES.map((id) => ({ id, label: MODES[id].label, detail: writeDetail(id) })),
  {
    id: 'CSE',
    label: 'Client-side encryption',
    detail: 'Encrypted here before upload (AES, RSA or KMS key; S3 Encryption Client format)',
  },
];

export const MANDATORY_MODES = WRITE_MODES.map((m) => m.id).filter(
  (id): id is MandatoryMode => id !== 'bucket-default',
);

function writeDetail(id: ServerSideMode): string {
  const m = MODES[id];
  if (m.header === 'AES256') return 'S3-managed keys (AES256)';
  if (m.needsKms && m.bucketKey) return 'A KMS key you choose, optional encryption context and bucket key';
  if (m.needsCustomerKey) return 'Your own key from the key store, sent with each request (HTTPS only)';
  return m.meaning;
}

export function isEncryptionMode(x: string | undefined): x is EncryptionMode {
  return x !== undefined && Object.hasOwn(TABLE, x);
}

export function isHeaderMode(x: string | undefined): x is HeaderMode {
  return isEncryptionMode(x) && MODES[x].header !== undefined;
}

export function isServerSideMode(mode: string | undefined): mode is ServerSideMode {
  return isEncryptionMode(mode) && MODES[mode].side === 'server';
}

export function isKmsMode(mode: string | undefined): mode is KmsMode {
  return isEncryptionMode(mode) && MODES[mode].needsKms;
}

/** 'aws:kms' → 'SSE-KMS'; undefined for a value S3 does not define. */
export function modeForSseHeader(value: string | undefined): HeaderMode | undefined {
  return HEADER_MODES.find((m) => MODES[m].header === value);
}

/** 'DSSE-KMS' → 'aws:kms:dsse'. */
export function sseHeaderFor(mode: HeaderMode): SseHeaderValue {
  return MODES[mode].header!;
}

export function isSseHeaderValue(value: string | undefined): value is SseHeaderValue {
  return modeForSseHeader(value) !== undefined;
}

/** True for header values that select a KMS mode (aws:kms, aws:kms:dsse). */
export function isKmsHeader(value: string | undefined): boolean {
  const mode = modeForSseHeader(value);
  return mode !== undefined && MODES[mode].needsKms;
}

/** ['a', 'b', 'c'] → 'a, b or c'. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** 'AES-256', 'sse_kms', 'DSSE' ... → the header value meant, by the table's header, id and aliases; undefined when unclear. */
export function headerForLooseSpelling(value: string): SseHeaderValue | undefined {
  const key = squash(value);
  const mode = HEADER_MODES.find((m) =>
    [MODES[m].header!, m, ...(MODES[m].aliases ?? [])].some((s) => squash(s) === key),
  );
  return mode && MODES[mode].header;
}

/**
 * An SDK enum or constant member name (`AES256`, `AWS_KMS`, Go's `ServerSideEncryptionAwsKms`, Java v1's
 * `AES_256_SERVER_SIDE_ENCRYPTION`) → the header value it stands for.
 */
export function headerForEnumMember(member: string): SseHeaderValue | undefined {
  const key = squash(member).replace(/^serversideencryption|serversideencryption$/g, '');
  return SSE_HEADER_VALUES.find((v) => squash(v) === key);
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}
