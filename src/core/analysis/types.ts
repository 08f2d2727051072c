// The analysis data model: language front ends produce FileFacts; rules turn facts into Findings with Fixes.
// Everything is plain data (offsets into the file text) so it can cross a worker boundary unchanged.

export const RULE_IDS = [
  's3-http-endpoint',
  's3-tls-disabled',
  's3-sse-c-over-http',
  's3-hardcoded-key',
  's3-missing-sse',
  's3-invalid-sse-value',
  's3-kms-key-without-kms',
  's3-legacy-client-encryption',
  's3-bucket-no-tls-policy',
  's3-kms-without-bucket-key',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Severity = 'error' | 'warning' | 'info';
export type LanguageId =
  'typescript' | 'javascript' | 'python' | 'java' | 'go' | 'terraform' | 'shell' | 'cloudformation' | 'ruby';

/** Half-open character offsets [start, end) into the analysed text. */
export interface Range {
  start: number;
  end: number;
}

/** What a front end could tell about an expression. Absent str/bool/enumName means "unknown": rules stay quiet. */
export interface Value {
  range: Range;
  str?: string;
  bool?: boolean;
  /** An SDK enum constant such as `ServerSideEncryption.AES256` or `types.ServerSideEncryptionAwsKms`. */
  enumName?: string;
  /** The literal whose text starts the resolved string (may be a constant's declaration): where fixes edit. */
  origin?: Range;
  /** Read from the environment, a file or a secret store: never a hard-coded secret. */
  external?: boolean;
  /** For a string only partly known (`f"http://{host}"`, `"http://" + host`): its literal beginning. */
  prefix?: string;
  /** Resolved in another file (an imported settings object): it tells the transport, its findings belong there. */
  elsewhere?: boolean;
}

/** Canonical parameter names; front ends map each language's spelling (SSECustomerKey, sse_customer_key, --sse-c-key). */
export type ParamName =
  | 'sse'
  | 'kmsKeyId'
  | 'kmsContext'
  | 'bucketKey'
  | 'sseCAlgorithm'
  | 'sseCKey'
  | 'copySseCKey'
  | 'endpoint'
  | 'sslEnabled'
  | 'tls'
  | 'useSsl'
  | 'verify'
  | 'disableSsl'
  | 'insecure'
  | 'noVerifySsl'
  | 'enforceSsl'
  | 'other';

export interface Prop {
  name: ParamName;
  key: string;
  /** The whole `key: value` (or flag + value) text, used for reporting and removal. */
  range: Range;
  value: Value;
}

/** How to write a new parameter into a parameter list, in the host language's syntax. */
export type InsertStyle = 'js' | 'py-kwargs' | 'py-dict' | 'go-v1' | 'go-v2' | 'java-builder' | 'shell' | 'shell-s3api';

export interface InsertPoint {
  offset: number;
  style: InsertStyle;
  /** Text before / after the inserted `key: value` (commas, newline + indentation). */
  before: string;
  after: string;
  /** Between two inserted parameters. */
  separator: string;
}

export interface ParamBag {
  props: Prop[];
  /** False when spreads, **kwargs, computed keys or an opaque variable hide some parameters. */
  complete: boolean;
  insert?: InsertPoint;
}

export interface ClientFact {
  /** The variable holding the client, when it is assigned to one; `name()` for a client a function returns. */
  variable?: string;
  /** For a function's local variable: where that function starts (two functions' `s3` are two clients). */
  scope?: number;
  /** Another variable (a session or config) this client takes its options from. */
  derivesFrom?: string;
  options: ParamBag;
  range: Range;
  /** Made in another file and imported: used to link calls, never reported here. */
  imported?: boolean;
  /** Made by a factory for whatever service its caller names: links the S3 clients made with it, never reported. */
  generic?: boolean;
}

export type Operation = 'PutObject' | 'CreateMultipartUpload' | 'CopyObject' | 'Upload' | 'BucketEncryption' | 'Other';

export interface OperationFact {
  op: Operation;
  receiver?: string;
  /** For a receiver that is a function's local variable: where that function starts (see ClientFact.scope). */
  scope?: number;
  /** Inline client options for self-contained commands (aws cli: --endpoint-url on the same line). */
  inlineClient?: ClientFact;
  params: ParamBag;
  /** Where the finding is reported: the command/constructor name. */
  range: Range;
}

/** A reference to a named API (qualified name, call, or enum member) relevant to legacy CSE or TLS settings. */
export interface RefFact {
  name: string;
  range: Range;
  /** For calls: the first argument. */
  arg?: Value;
}

export interface BucketFact {
  name: string;
  range: Range;
  policy: 'denies-insecure' | 'missing' | 'unknown';
  fix?: Fix;
}

/** A bucket's default encryption (IaC resource, CDK construct or PutBucketEncryption call), for the Bucket Key rule. */
export interface BucketEncryptionFact {
  /** The SSE algorithm setting (an enum such as `BucketEncryption.KMS` arrives as enumName). */
  algorithm: Value;
  /** Where a finding is reported: the `sse_algorithm` / `SSEAlgorithm` / `encryption:` line, or the SDK call. */
  anchor: Range;
  /** The Bucket Key setting, when present. */
  bucketKey?: Value;
  /** False when hidden parts (variables, spreads, dynamic blocks) might set the Bucket Key. */
  complete: boolean;
  /** Adds the Bucket Key setting in the host syntax. */
  fix?: Fix;
}

export interface StringFact {
  value: string;
  range: Range;
}

export interface FileFacts {
  language: LanguageId;
  strings: StringFact[];
  clients: ClientFact[];
  operations: OperationFact[];
  refs: RefFact[];
  buckets: BucketFact[];
  bucketEncryptions: BucketEncryptionFact[];
  /** Values that end up as encryption key material (keyring constructors, SecretKeySpec, ...). */
  keySinks: Value[];
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** 1-based line and column of start / end. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: Fix[];
  docsUrl: string;
}

export function emptyFacts(language: LanguageId): FileFacts {
  return {
    language,
    strings: [],
    clients: [],
    operations: [],
    refs: [],
    buckets: [],
    bucketEncryptions: [],
    keySinks: [],
  };
}
