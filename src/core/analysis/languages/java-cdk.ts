// AWS CDK in Java: `Bucket.Builder.create(this, "Id").encryption(...).build()` and
// `new Bucket(this, "Id", BucketProps.builder()...build())`, with statements added by `addToResourcePolicy`.
import type { BucketEncryptionFact, BucketFact, Prop, Range, Value } from '../types';
import { applyPolicy, cdkBucketFacts } from './cdk-bucket-props';
import { cdkStatementTransportState, UNKNOWN } from './iac-policy';
import { rangeOf, walk, type SyntaxNode } from './tree-sitter';

type Evaluate = (n: SyntaxNode | null) => Value;

export const JAVA_CDK = /\bsoftware\.amazon\.awscdk\b/;

export class JavaCdkBuckets {
  readonly buckets: BucketFact[] = [];
  readonly encryptions: BucketEncryptionFact[] = [];
  private readonly byVariable = new Map<string, BucketFact>();
  private readonly policies: Array<{ receiver: string; state: BucketFact['policy'] }> = [];

  constructor(
    private readonly text: string,
    private readonly evaluate: Evaluate,
  ) {}

  /**
   * One bucket. `props` are the builder calls (`encryption(...)`, `enforceSsl(true)`); `build` is the node before
   * which a new builder call is inserted, absent when the props cannot be edited.
   */
  add(id: SyntaxNode | undefined, range: Range, props: Prop[], complete: boolean, variable?: string, build?: number) {
    const { bucket, encryption } = cdkBucketFacts({
      text: this.text,
      id: id ? this.evaluate(id).str : undefined,
      range,
      props,
      complete,
      fixes: {
        enforceSsl:
          build === undefined
            ? undefined
            : { title: 'Add .enforceSsl(true)', edits: [{ start: build, end: build, newText: '.enforceSsl(true)' }] },
        bucketKey: (p) => ({
          title: 'Add .bucketKeyEnabled(true)',
          edits: [{ start: p.range.end, end: p.range.end, newText: '.bucketKeyEnabled(true)' }],
        }),
      },
    });
    this.buckets.push(bucket);
    if (encryption) this.encryptions.push(encryption);
    if (variable) this.byVariable.set(variable, bucket);
  }

  /** `bucket.addToResourcePolicy(PolicyStatement.Builder.create().effect(Effect.DENY)...build())`. */
  addPolicy(receiver: string, statement: Array<{ name: string; arg: SyntaxNode | null }> | undefined): void {
    if (!statement) {
      this.policies.push({ receiver, state: 'unknown' });
      return;
    }
    const props: Record<string, unknown> = {};
    for (const l of statement) props[l.name] = this.data(l.arg);
    this.policies.push({ receiver, state: cdkStatementTransportState(props) });
  }

  finish(): void {
    for (const p of this.policies) applyPolicy(this.byVariable.get(p.receiver), p.state);
    // L1 buckets are protected only by a CfnBucketPolicy; one whose bucket is not read here may protect any of them.
    if (this.cfnPolicies) for (const b of this.cfnBuckets) applyPolicy(b, 'unknown');
  }

  private readonly cfnBuckets: BucketFact[] = [];
  private cfnPolicies = false;

  cfnPolicy(): void {
    this.cfnPolicies = true;
  }

  /**
   * L1 `CfnBucket.Builder.create(this, "Id").bucketEncryption(...)`: the CloudFormation resource, with each rule's
   * `serverSideEncryptionByDefault(...sseAlgorithm(...))` and `bucketKeyEnabled(...)`.
   */
  addCfn(id: SyntaxNode | undefined, range: Range, encryption: SyntaxNode | null): void {
    const bucket: BucketFact = { name: (id && this.evaluate(id).str) ?? 'Bucket', range, policy: 'missing' };
    this.buckets.push(bucket);
    this.cfnBuckets.push(bucket);
    if (!encryption) return;
    walk(encryption, (c) => {
      if (c.type !== 'method_invocation' || c.childForFieldName('name')?.text !== 'sseAlgorithm') return;
      const byDefault = ancestorCall(c, 'serverSideEncryptionByDefault');
      const rule = byDefault && ancestorCall(byDefault, 'build');
      let bucketKey: Value | undefined;
      if (rule)
        walk(rule, (k) => {
          if (k.type === 'method_invocation' && k.childForFieldName('name')?.text === 'bucketKeyEnabled')
            bucketKey = this.evaluate(k.childForFieldName('arguments')?.namedChildren[0] ?? null);
        });
      const name = c.childForFieldName('name')!;
      const at = byDefault?.endIndex;
      this.encryptions.push({
        algorithm: this.evaluate(c.childForFieldName('arguments')?.namedChildren[0] ?? null),
        anchor: { start: name.startIndex, end: c.endIndex },
        bucketKey,
        complete: true,
        fix:
          at === undefined || bucketKey
            ? undefined
            : {
                title: 'Add .bucketKeyEnabled(true)',
                edits: [{ start: at, end: at, newText: '.bucketKeyEnabled(true)' }],
              },
      });
    });
  }

  /** `Map.of(...)`, `List.of(...)`, literals and `Effect.DENY` as plain data; UNKNOWN elsewhere. */
  private data(n: SyntaxNode | null, depth = 0): unknown {
    if (!n || depth > 12) return UNKNOWN;
    if (n.type === 'field_access' && /(^|\.)Effect\.(DENY|ALLOW)$/.test(n.text))
      return n.text.endsWith('DENY') ? 'Deny' : 'Allow';
    if (n.type === 'method_invocation') {
      const name = n.childForFieldName('name')?.text;
      const owner = n.childForFieldName('object')?.text;
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if (owner === 'Map' && name === 'of') {
        const out: Record<string, unknown> = {};
        for (let i = 0; i + 1 < args.length; i += 2) {
          const key = this.evaluate(args[i] ?? null).str;
          if (key === undefined) return UNKNOWN;
          out[key] = this.data(args[i + 1] ?? null, depth + 1);
        }
        return out;
      }
      if ((owner === 'List' && name === 'of') || (owner === 'Arrays' && name === 'asList'))
        return args.map((a) => this.data(a ?? null, depth + 1));
      return UNKNOWN;
    }
    const v = this.evaluate(n);
    return v.str ?? v.bool ?? UNKNOWN;
  }
}

/** The nearest enclosing call named `name` of which `n` is the receiver chain or an argument. */
function ancestorCall(n: SyntaxNode, name: string): SyntaxNode | undefined {
  for (let p = n.parent; p; p = p.parent)
    if (p.type === 'method_invocation' && p.childForFieldName('name')?.text === name) return p;
  return undefined;
}

/** The construct id argument and where the bucket is reported, for `new Bucket(scope, "Id", props)`. */
export function newBucketParts(n: SyntaxNode): { id?: SyntaxNode; props?: SyntaxNode; range: Range } {
  const args = n.childForFieldName('arguments')?.namedChildren ?? [];
  return { id: args[1] ?? undefined, props: args[2] ?? undefined, range: rangeOf(n.childForFieldName('type')!) };
}
