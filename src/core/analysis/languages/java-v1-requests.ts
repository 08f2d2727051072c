// Java SDK v1 request shapes: `new PutObjectRequest(bucket, key, file)` with setters chained or called later,
// `ObjectMetadata` filled in place or by a helper, and the 3- and 4-argument `putObject` / TransferManager `upload`.
import { emptyFacts, type FileFacts, type Operation, type OperationFact, type ParamName, type Prop } from '../types';
import { JavaValues } from './java-values';
import { rangeOf, type SyntaxNode } from './tree-sitter';

/** SDK v1 request classes built with `new`, and which constructor argument (if any) is the ObjectMetadata. */
export const V1_REQUESTS: Record<string, { op: Operation; metadataArg?: number }> = {
  PutObjectRequest: { op: 'PutObject', metadataArg: 3 },
  InitiateMultipartUploadRequest: { op: 'CreateMultipartUpload', metadataArg: 2 },
  CopyObjectRequest: { op: 'CopyObject' },
  GetObjectRequest: { op: 'Other' },
  UploadPartRequest: { op: 'Other' },
};
/** SDK v1 request/metadata setters (with* or set*) and the parameter each one sets. */
const V1_SETTERS: Record<string, ParamName | 'metadata'> = {
  SSECustomerKey: 'sseCKey',
  DestinationSSECustomerKey: 'sseCKey',
  SourceSSECustomerKey: 'copySseCKey',
  SSEAwsKeyManagementParams: 'sse',
  SSEAlgorithm: 'sse',
  ServerSideEncryption: 'sse',
  Metadata: 'metadata',
  NewObjectMetadata: 'metadata',
  ObjectMetadata: 'metadata',
};

export class JavaV1Requests extends JavaValues {
  readonly facts: FileFacts = emptyFacts('java');
  protected readonly opsByVariable = new Map<string, OperationFact>();

  /** v1 setters (`withSSECustomerKey(k)`, `setSSEAlgorithm(a)`) as props; metadata objects contribute their own. */
  protected v1Props(calls: SyntaxNode[], props: Prop[], depth = 0): boolean {
    let complete = true;
    for (const c of calls) {
      const method = c.childForFieldName('name');
      const setter = /^(with|set)(\w+)$/.exec(method?.text ?? '')?.[2];
      const kind = setter ? V1_SETTERS[setter] : undefined;
      const arg = c.childForFieldName('arguments')?.namedChildren[0] ?? null;
      if (!kind || !method) continue;
      if (kind === 'metadata') {
        if (!this.metadataProps(arg, props, depth + 1)) complete = false;
        continue;
      }
      let value = this.value(
        arg?.type === 'object_creation_expression'
          ? (arg.childForFieldName('arguments')?.namedChildren[0] ?? null)
          : arg,
      );
      // new SSEAwsKeyManagementParams(keyId) chooses aws:kms whatever its argument.
      if (setter === 'SSEAwsKeyManagementParams') value = { range: rangeOf(arg ?? method), str: 'aws:kms' };
      props.push({ name: kind, key: method.text, range: { start: method.startIndex, end: c.endIndex }, value });
    }
    return complete;
  }

  /** An ObjectMetadata built in the same method: its setSSEAlgorithm/setHeader calls. False when it is opaque. */
  protected metadataProps(n: SyntaxNode | null, props: Prop[], depth: number): boolean {
    if (!n || depth > 3) return false;
    if (n.type === 'object_creation_expression') return true;
    // `metadataFor(file)`: the metadata that helper builds and returns.
    const helper = n.type === 'method_invocation' ? this.helperResult(n) : undefined;
    if (helper) return this.metadataProps(helper, props, depth + 1);
    if (n.type !== 'identifier') return false;
    const init = this.constant(n);
    // `ObjectMetadata meta = metadataFor(f); meta.setSSEAlgorithm(...)`: the helper's settings, then these.
    if (init?.type === 'method_invocation' && !this.metadataProps(init, props, depth + 1)) return false;
    else if (init?.type !== 'object_creation_expression' && init?.type !== 'method_invocation') return false;
    const calls = this.localCalls(n.text, n);
    for (const c of calls) {
      if (c.childForFieldName('name')?.text !== 'setHeader') continue;
      const [header, value] = c.childForFieldName('arguments')?.namedChildren ?? [];
      const h = header ? this.value(header) : undefined;
      if (
        h?.str?.toLowerCase() === 'x-amz-server-side-encryption' ||
        /SERVER_SIDE_ENCRYPTION$/.test(header?.text ?? '')
      ) {
        props.push({ name: 'sse', key: 'setHeader', range: rangeOf(c), value: this.value(value ?? null) });
      }
    }
    return this.v1Props(calls, props, depth);
  }

  /** The v1 call chain around an expression: `new X(...).withA(..).withB(..)`, outermost last. */
  protected chainedCalls(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (
      let cur = n;
      cur.parent?.type === 'method_invocation' && cur.parent.childForFieldName('object')?.id === cur.id;
      cur = cur.parent
    )
      out.push(cur.parent);
    return out;
  }

  /** `new PutObjectRequest(bucket, key, file)` and friends (SDK v1), with setters chained or called later. */
  protected v1Request(n: SyntaxNode, type: string): void {
    const spec = V1_REQUESTS[type];
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (spec.op === 'PutObject' && args.length < 3) return; // the no-argument bean form is filled in elsewhere
    const props: Prop[] = [];
    let complete = true;
    if (
      spec.metadataArg !== undefined &&
      args[spec.metadataArg] &&
      !this.metadataProps(args[spec.metadataArg], props, 0)
    )
      complete = false;
    const chain = this.chainedCalls(n);
    if (!this.v1Props(chain, props)) complete = false;
    const outer = chain[chain.length - 1] ?? n;
    const declarator =
      outer.parent?.type === 'variable_declarator' ? outer.parent.childForFieldName('name')?.text : undefined;
    if (declarator && !this.v1Props(this.localCalls(declarator, n), props)) complete = false;
    const op: OperationFact = {
      op: spec.op,
      params: { props, complete },
      range: rangeOf(n.childForFieldName('type')!),
    };
    const call = outer.parent?.type === 'argument_list' ? outer.parent.parent : undefined;
    if (call?.type === 'method_invocation') op.receiver = call.childForFieldName('object')?.text;
    if (declarator) this.opsByVariable.set(declarator, op);
    this.facts.operations.push(op);
  }

  /** v1 `s3.putObject(bucket, key, file)` / `(bucket, key, stream, metadata)` / `(bucket, key, content)`, `copyObject(sb, sk, db, dk)`. */
  protected v1DirectCall(n: SyntaxNode, name: string): void {
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length < 3 || (name === 'copyObject' && args.length !== 4)) return;
    const props: Prop[] = [];
    // copyObject(srcBucket, srcKey, dstBucket, dstKey) takes no metadata at all.
    const complete = args.length === 3 || name === 'copyObject' || this.metadataProps(args[3], props, 0);
    const op: Operation = name === 'putObject' ? 'PutObject' : name === 'copyObject' ? 'CopyObject' : 'Upload';
    this.facts.operations.push({
      op,
      receiver: n.childForFieldName('object')?.text,
      params: { props, complete },
      range: rangeOf(n.childForFieldName('name')!),
    });
  }
}
