// Python bucket settings: CDK `s3.Bucket` / L1 `CfnBucket` (encryption, Bucket Key, TLS-only policy) and boto3
// `put_bucket_encryption`, read into the bucket facts the IaC rules judge.
import { cdkBucketEncryptionValue } from '../sse-values';
import { cdkStatementTransportState, iacTransportState, UNKNOWN } from './iac-policy';
import type { BucketFact, FileFacts, InsertPoint, ParamBag, Value } from '../types';
import { rangeOf, type SyntaxNode } from './tree-sitter';
import type { PythonValues } from './python-values';

/** Sets a present Bucket Key setting to True, or inserts `text` where the parameter list ends. */
function bucketKeyFix(bucketKey: Value | undefined, insert: InsertPoint | undefined, text: string, name: string) {
  if (bucketKey) return { title: `Set ${name} to True`, edits: [{ ...bucketKey.range, newText: 'True' }] };
  if (!insert) return undefined;
  const edit = { start: insert.offset, end: insert.offset, newText: `${insert.before}${text}${insert.after}` };
  return { title: `Add ${text}`, edits: [edit] };
}

export class PythonBuckets {
  private readonly cdkBuckets = new Map<string, BucketFact>();
  private readonly cfnBuckets: BucketFact[] = [];

  constructor(
    private readonly v: PythonValues,
    private readonly facts: FileFacts,
  ) {}

  /** `bucket.add_to_resource_policy(statement)`: the statement decides the bucket's TLS policy. */
  addToResourcePolicy(receiver: string, args: SyntaxNode): void {
    const bucket = this.cdkBuckets.get(receiver);
    if (bucket && bucket.policy !== 'denies-insecure')
      bucket.policy = this.cdkStatementState(args.namedChildren[0] ?? null);
  }

  /** `s3.BucketPolicy(self, "P", bucket=b, ...)`: a policy we do not read makes the bucket unknown. */
  bucketPolicy(args: SyntaxNode): void {
    const target = this.v.keyword(args, 'bucket')?.text;
    const bucket = target ? this.cdkBuckets.get(target) : undefined;
    if (bucket && bucket.policy === 'missing') bucket.policy = 'unknown';
  }

  /** A CDK L1 property value: `XxxProperty(snake_case=...)` keywords, or a dict with camelCase (or snake) keys. */
  private l1Member(n: SyntaxNode | null | undefined, snake: string): SyntaxNode | undefined {
    const node = n?.type === 'identifier' ? this.v.constant(n) : n;
    if (node?.type === 'call') {
      const args = node.childForFieldName('arguments');
      return args ? this.v.keyword(args, snake) : undefined;
    }
    const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return this.v.dictEntry(node, camel) ?? this.v.dictEntry(node, snake);
  }

  private l1Bag(n: SyntaxNode | null | undefined): ParamBag {
    const node = n?.type === 'identifier' ? this.v.constant(n) : n;
    if (node?.type === 'call') return this.v.kwargs(node.childForFieldName('arguments'));
    return this.v.dict(node);
  }

  /** L1 `s3.CfnBucket(self, "Id", bucket_encryption=...)`: default encryption as data; only a CfnBucketPolicy protects it. */
  cfnBucket(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const bucket: BucketFact = {
      name: this.v.value(args.namedChildren[1] ?? null).str ?? 'Bucket',
      range: rangeOf(fn),
      policy: 'missing',
    };
    const variable = this.v.assignedName(n);
    if (variable) this.cdkBuckets.set(variable, bucket);
    this.cfnBuckets.push(bucket);
    this.facts.buckets.push(bucket);
    const rules = this.l1Member(this.v.keyword(args, 'bucket_encryption'), 'server_side_encryption_configuration');
    const list = rules?.type === 'identifier' ? this.v.constant(rules) : rules;
    if (list?.type !== 'list') return;
    for (const rule of list.namedChildren) {
      const settings = this.l1Bag(this.l1Member(rule, 'server_side_encryption_by_default'));
      const algorithm = settings.props.find((p) => p.name === 'sse');
      if (!algorithm) continue;
      this.facts.operations.push({ op: 'BucketEncryption', params: settings, range: algorithm.range });
      const ruleBag = this.l1Bag(rule);
      const bucketKey = ruleBag.props.find((p) => p.name === 'bucketKey')?.value;
      const keyText = rule?.type === 'call' ? 'bucket_key_enabled=True' : '"bucketKeyEnabled": True';
      const fix = bucketKeyFix(bucketKey, ruleBag.insert, keyText, 'the Bucket Key');
      this.facts.bucketEncryptions.push({
        algorithm: algorithm.value,
        anchor: algorithm.range,
        bucketKey,
        complete: ruleBag.complete,
        fix,
      });
    }
  }

  /** L1 `s3.CfnBucketPolicy(self, "Id", bucket=b.ref, policy_document={...})`. */
  cfnBucketPolicy(args: SyntaxNode): void {
    const target = this.v.keyword(args, 'bucket');
    const doc = this.v.keyword(args, 'policy_document');
    const state = doc ? iacTransportState(this.pyData(doc)) : 'unknown';
    const holder =
      target?.type === 'attribute' && /^(ref|bucket_name)$/.test(target.childForFieldName('attribute')?.text ?? '')
        ? target.childForFieldName('object')?.text
        : undefined;
    const targets = holder ? [this.cdkBuckets.get(holder)] : this.cfnBuckets; // untied: it may protect any of them
    for (const bucket of targets) {
      if (!bucket || bucket.policy === 'denies-insecure') continue;
      if (state === 'denies-insecure' || !holder) bucket.policy = holder ? state : 'unknown';
      else if (state === 'unknown') bucket.policy = 'unknown';
    }
  }

  /** `iam.PolicyStatement(effect=..., conditions=...)`, judged by the one policy reader. */
  private cdkStatementState(arg: SyntaxNode | null): BucketFact['policy'] {
    const statement = arg?.type === 'identifier' ? this.v.constant(arg) : arg;
    if (statement?.type !== 'call') return 'unknown';
    const props: Record<string, unknown> = {};
    for (const a of statement.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a?.type !== 'keyword_argument') return 'unknown'; // positional or **kwargs: could hold anything
      props[a.childForFieldName('name')?.text ?? ''] = this.pyData(a.childForFieldName('value'));
    }
    return cdkStatementTransportState(props);
  }

  /** A Python expression as plain data where it is literal (CDK's `Effect.DENY` included); UNKNOWN elsewhere. */
  private pyData(n: SyntaxNode | null | undefined, depth = 0): unknown {
    const e = n?.type === 'identifier' ? this.v.constant(n) : n;
    if (!e || depth > 20) return UNKNOWN;
    switch (e.type) {
      case 'string':
        return e.namedChildren.some((c) => c?.type === 'interpolation')
          ? UNKNOWN
          : e.namedChildren
              .filter((c) => c?.type === 'string_content')
              .map((c) => c!.text)
              .join('');
      case 'true':
        return true;
      case 'false':
        return false;
      case 'integer':
        return Number(e.text);
      case 'list':
      case 'tuple':
        return e.namedChildren.map((c) => this.pyData(c, depth + 1));
      case 'dictionary': {
        const out: Record<string, unknown> = {};
        for (const pair of e.namedChildren) {
          if (pair?.type !== 'pair') return UNKNOWN;
          const key = this.pyData(pair.childForFieldName('key'), depth + 1);
          if (typeof key !== 'string') return UNKNOWN;
          out[key] = this.pyData(pair.childForFieldName('value'), depth + 1);
        }
        return out;
      }
      case 'attribute':
        if (/(^|\.)Effect$/.test(e.childForFieldName('object')?.text ?? '')) {
          const member = e.childForFieldName('attribute')?.text;
          return member === 'DENY' ? 'Deny' : member === 'ALLOW' ? 'Allow' : UNKNOWN;
        }
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** put_bucket_encryption(Bucket=..., ServerSideEncryptionConfiguration={"Rules": [...]}) */
  bucketEncryption(fn: SyntaxNode, args: SyntaxNode): void {
    const config = args.namedChildren
      .find(
        (c) =>
          c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'ServerSideEncryptionConfiguration',
      )
      ?.childForFieldName('value');
    const rulesNode = this.v.dictEntry(config ?? null, 'Rules');
    if (rulesNode?.type !== 'list') return;
    for (const rule of rulesNode.namedChildren) {
      const ruleDict = rule?.type === 'identifier' ? this.v.constant(rule) : rule;
      if (ruleDict?.type !== 'dictionary') continue;
      const algorithm = this.v.dictEntry(
        this.v.dictEntry(ruleDict, 'ApplyServerSideEncryptionByDefault'),
        'SSEAlgorithm',
      );
      if (!algorithm) continue;
      const bag = this.v.dict(ruleDict);
      const bucketKey = bag.props.find((p) => p.name === 'bucketKey')?.value;
      const fix = bucketKeyFix(bucketKey, bag.insert, '"BucketKeyEnabled": True', 'BucketKeyEnabled');
      this.facts.bucketEncryptions.push({
        algorithm: this.v.value(algorithm),
        anchor: rangeOf(fn),
        bucketKey,
        complete: bag.complete,
        fix,
      });
    }
  }

  cdkBucket(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const bag = this.v.kwargs(args);
    const id = this.v.value(args.namedChildren[1] ?? null).str ?? 'Bucket';
    const enforce = bag.props.find((p) => p.name === 'enforceSsl');
    const bucket: BucketFact = { name: id, range: rangeOf(fn), policy: 'missing' };
    const variable = this.v.assignedName(n);
    if (variable) this.cdkBuckets.set(variable, bucket);
    const encryption = bag.props.find((p) => p.key === 'encryption');
    if (encryption) {
      const alg = cdkBucketEncryptionValue(encryption.value.enumName?.split('.').pop() ?? '');
      const bucketKey = bag.props.find((p) => p.key === 'bucket_key_enabled')?.value;
      const fix = bucketKeyFix(bucketKey, bag.insert, 'bucket_key_enabled=True', 'bucket_key_enabled');
      this.facts.bucketEncryptions.push({
        algorithm: alg ? { range: encryption.value.range, str: alg } : encryption.value,
        anchor: encryption.range,
        bucketKey,
        complete: bag.complete,
        fix,
      });
    }
    if (enforce?.value.bool === true) bucket.policy = 'denies-insecure';
    else if (enforce?.value.bool === false)
      bucket.fix = { title: 'Set enforce_ssl=True', edits: [{ ...enforce.value.range, newText: 'True' }] };
    else if (enforce || !bag.complete) bucket.policy = 'unknown';
    else if (bag.insert) {
      const p = bag.insert;
      bucket.fix = {
        title: 'Add enforce_ssl=True',
        edits: [{ start: p.offset, end: p.offset, newText: `${p.before}enforce_ssl=True${p.after}` }],
      };
    }
    this.facts.buckets.push(bucket);
  }
}
