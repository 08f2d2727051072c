// Terraform encryption settings: bucket default encryption (`aws_s3_bucket_server_side_encryption_configuration`,
// the legacy inline block, `dynamic "rule"` blocks, bucket modules' `server_side_encryption_configuration` object)
// and object uploads (`aws_s3_object`, `aws_s3_bucket_object`, `aws_s3_object_copy`).
import { paramName } from '../params';
import type { BucketFact, FileFacts, Prop } from '../types';
import { children, elemValue, headerRange, objectElems, objectKey, rangeOf, type Block } from './terraform-hcl';
import type { TfScope } from './terraform-scope';
import { walk, type SyntaxNode } from './tree-sitter';

export class TfEncryption {
  constructor(
    private readonly text: string,
    private readonly facts: FileFacts,
    readonly scope: TfScope,
  ) {}

  /** The block's arguments; one set to `null` is not set, nor is a KMS key set to "" (the provider's "none"). */
  props(body: SyntaxNode | null): Prop[] {
    const set = children(body, 'attribute').filter((a) => !this.scope.isNull(a.namedChildren[1]));
    return set
      .map((a): Prop => {
        const key = a.namedChildren[0]?.text ?? '';
        return { name: paramName(key), key, range: rangeOf(a), value: this.scope.value(a.namedChildren[1]) };
      })
      .filter(isSet);
  }

  /**
   * `resource "aws_s3_object"` (and the older `aws_s3_bucket_object`) uploads `source` / `content` as a PutObject;
   * `aws_s3_object_copy` copies `source` as a CopyObject.
   * The provider sends `kms_key_id` with `aws:kms` when `server_side_encryption` is not set, so the key alone is SSE-KMS.
   * `body`: the arguments that hold what is uploaded (terraform-aws-modules' object module names its file `file_source`).
   */
  object(b: Block, op: 'PutObject' | 'CopyObject', body = /^(source|content|content_base64)$/): void {
    const props = this.props(b.body);
    if (!props.some((p) => body.test(p.key))) return;
    const params = props.map((p): Prop => (p.key === 'kms_key_id' ? { ...p, name: 'kmsKeyId' } : p));
    const kmsKey = params.find((p) => p.name === 'kmsKeyId');
    if (kmsKey && !params.some((p) => p.name === 'sse'))
      params.push({
        name: 'sse',
        key: 'kms_key_id',
        range: kmsKey.range,
        value: { range: kmsKey.value.range, str: 'aws:kms' },
      });
    // `dynamic` blocks cannot set arguments of this resource, so every argument is in view.
    this.facts.operations.push({ op, params: { props: params, complete: true }, range: headerRange(b) });
  }

  /**
   * `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } bucket_key_enabled }` at any
   * depth, also as the `content` of a `dynamic "rule"` block.
   */
  bucketEncryption(b: Block): void {
    // Most buckets have no inline encryption block: their subtrees are not walked node by node.
    if (!this.text.slice(b.node.startIndex, b.node.endIndex).includes('apply_server_side_encryption_by_default'))
      return;
    walk(b.node, (n) => {
      if (n.type !== 'block' || n.namedChildren[0]?.text !== 'apply_server_side_encryption_by_default') return;
      const props = this.props(n.namedChildren.find((c) => c?.type === 'body') ?? null);
      this.facts.operations.push({
        op: 'BucketEncryption',
        params: { props, complete: true },
        range: rangeOf(n.namedChildren[0] ?? n),
      });
      const algorithm = props.find((p) => p.name === 'sse');
      const ruleBody = n.parent?.type === 'body' ? n.parent : null;
      if (!algorithm || !ruleBody || !isRule(ruleBody.parent)) return;
      const bucketKeyAttr = children(ruleBody, 'attribute').find(
        (a) => a.namedChildren[0]?.text === 'bucket_key_enabled',
      );
      this.facts.bucketEncryptions.push({
        algorithm: algorithm.value,
        anchor: algorithm.range,
        bucketKey: bucketKeyAttr ? this.scope.value(bucketKeyAttr.namedChildren[1]) : undefined,
        complete: true,
        fix: this.bucketKeyFix(n, bucketKeyAttr),
      });
    });
  }

  /** `{ rule = { apply_server_side_encryption_by_default = { sse_algorithm = ... }, bucket_key_enabled = ... } }` */
  moduleEncryption(attr: SyntaxNode): void {
    walk(attr, (elem) => {
      if (elem.type !== 'object_elem' || objectKey(elem) !== 'apply_server_side_encryption_by_default') return;
      const set = objectElems(elemValue(elem)).filter((e) => !this.scope.isNull(elemValue(e)));
      const props: Prop[] = set
        .map((e): Prop => {
          const key = objectKey(e);
          return { name: paramName(key), key, range: rangeOf(e), value: this.scope.value(elemValue(e)) };
        })
        .filter(isSet);
      this.facts.operations.push({ op: 'BucketEncryption', params: { props, complete: true }, range: rangeOf(elem) });
      const algorithm = props.find((p) => p.name === 'sse');
      const rule = elem.parent;
      if (!algorithm || rule?.type !== 'object') return;
      const bucketKeyElem = rule.namedChildren.find(
        (c) => c?.type === 'object_elem' && objectKey(c) === 'bucket_key_enabled',
      );
      this.facts.bucketEncryptions.push({
        algorithm: algorithm.value,
        anchor: algorithm.range,
        bucketKey: bucketKeyElem ? this.scope.value(elemValue(bucketKeyElem)) : undefined,
        complete: true,
        fix: this.bucketKeyFix(elem, bucketKeyElem ?? undefined),
      });
    });
  }

  /** Sets an existing Bucket Key setting to true, or adds one after the given block / object element. */
  bucketKeyFix(after: SyntaxNode, existing: SyntaxNode | undefined, name = 'bucket_key_enabled'): BucketFact['fix'] {
    if (existing) {
      const value = existing.namedChildren[1]!;
      return {
        title: `Set ${name} = true`,
        edits: [{ start: value.startIndex, end: value.endIndex, newText: 'true' }],
      };
    }
    const lineStart = this.text.lastIndexOf('\n', after.startIndex - 1) + 1;
    const indent = /^[ \t]*/.exec(this.text.slice(lineStart))?.[0] ?? '';
    return {
      title: `Add ${name} = true`,
      edits: [{ start: after.endIndex, end: after.endIndex, newText: `\n${indent}${name} = true` }],
    };
  }
}

/** False for a KMS key id written as "": Terraform modules and the provider read it as no key. */
export function isSet(p: Prop): boolean {
  return !(p.name === 'kmsKeyId' && p.value.str === '');
}

/** A `rule` block, or the `content` of a `dynamic "rule"` block. */
export function isRule(n: SyntaxNode | null | undefined): boolean {
  if (n?.type !== 'block') return false;
  const type = n.namedChildren[0]?.text;
  if (type === 'rule') return true;
  const dynamic = n.parent?.parent; // content -> body -> dynamic block
  return (
    type === 'content' &&
    dynamic?.type === 'block' &&
    dynamic.namedChildren[0]?.text === 'dynamic' &&
    dynamic.namedChildren[1]?.text === '"rule"'
  );
}
