// AWS CDK in Go: `awss3.NewBucket(stack, jsii.String("Id"), &awss3.BucketProps{...})`. A statement added with
// `AddToResourcePolicy` or a separate `NewBucketPolicy` is not read: the buckets it may protect become unknown.
import { listInsertPoint } from '../fixes/params';
import type { BucketEncryptionFact, BucketFact, Fix, Prop, Value } from '../types';
import { applyPolicy, cdkBucketFacts } from './cdk-bucket-props';
import { rangeOf, type SyntaxNode } from './tree-sitter';

type Evaluate = (n: SyntaxNode | null) => Value;

export const GO_CDK = /aws-cdk-go\/awscdk/;

export class GoCdkBuckets {
  readonly buckets: BucketFact[] = [];
  readonly encryptions: BucketEncryptionFact[] = [];
  private readonly byVariable = new Map<string, BucketFact>();
  private readonly policies: Array<string | undefined> = [];

  constructor(
    private readonly text: string,
    private readonly evaluate: Evaluate,
    /** A local's value (`props := &awss3.BucketProps{...}`), when it is assigned once. */
    private readonly resolve: (n: SyntaxNode) => SyntaxNode | null | undefined,
  ) {}

  call(n: SyntaxNode, name: string, variable: string | undefined): void {
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (/(^|\.)NewBucketPolicy$/.test(name)) this.policies.push(undefined);
    else if (/\.AddToResourcePolicy$/.test(name)) this.policies.push(name.slice(0, name.lastIndexOf('.')));
    else if (/^\w+\.NewBucket$/.test(name)) this.bucket(n, args, variable);
  }

  finish(): void {
    for (const receiver of this.policies) {
      const targets = receiver === undefined ? this.buckets : [this.byVariable.get(receiver)];
      for (const b of targets) applyPolicy(b, 'unknown');
    }
  }

  private bucket(n: SyntaxNode, args: Array<SyntaxNode | null>, variable: string | undefined): void {
    const given = args[2] ?? null;
    const propsArg = given?.type === 'identifier' ? (this.resolve(given) ?? given) : given;
    const literal = propsArg?.type === 'unary_expression' ? propsArg.childForFieldName('operand') : propsArg;
    const body = literal?.type === 'composite_literal' ? literal.childForFieldName('body') : null;
    const absent = !propsArg || propsArg.type === 'nil';
    const props: Prop[] = [];
    const elements = body?.namedChildren.filter((c): c is SyntaxNode => c?.type === 'keyed_element') ?? [];
    for (const e of elements) {
      const key = e.childForFieldName('key')?.text ?? e.namedChildren[0]?.text ?? '';
      props.push({ name: 'other', key, range: rangeOf(e), value: this.evaluate(e.namedChildren[1] ?? null) });
    }
    const insert = (setting: string): Fix | undefined => {
      if (!body) return undefined;
      const last = elements[elements.length - 1];
      const p = listInsertPoint(this.text, 'go-v2', body.startIndex + 1, body.endIndex - 1, last && rangeOf(last));
      return {
        title: `Add ${setting}`,
        edits: [{ start: p.offset, end: p.offset, newText: `${p.before}${setting}${p.after}` }],
      };
    };
    const { bucket, encryption } = cdkBucketFacts({
      text: this.text,
      id: this.evaluate(args[1] ?? null).str,
      range: rangeOf(n.childForFieldName('function')!),
      props,
      complete: absent || !!body,
      fixes: {
        enforceSsl: insert('EnforceSSL: jsii.Bool(true)'),
        bucketKey: () => insert('BucketKeyEnabled: jsii.Bool(true)'),
      },
    });
    this.buckets.push(bucket);
    if (encryption) this.encryptions.push(encryption);
    if (variable) this.byVariable.set(variable, bucket);
  }
}
