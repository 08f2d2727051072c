// Python front end (tree-sitter): boto3 uploads and the clients they go through, aws-encryption-sdk, CDK buckets.
// Values come from python-values.ts (with settings sources in python-settings.ts), clients from
// python-clients.ts, bucket settings from python-buckets.ts, other files of the workspace from python-imports.ts.
import type { FrontEnd } from './front-end';
import { paramName } from '../params';
import { emptyFacts, type FileFacts, type Operation, type Prop } from '../types';
import type { ModuleFiles } from '../module-files';
import { createParser, nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';
import { PythonBuckets } from './python-buckets';
import { PythonClients } from './python-clients';
import { PythonImports } from './python-imports';
import { PythonValues } from './python-values';
import type * as TreeSitter from 'web-tree-sitter';

const STRING_TYPES = new Set(['string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const PYTHON_RELEVANT =
  /boto3|aws_cdk|aws_encryption_sdk|_object|upload_|http:\/\/|FORBID_ENCRYPT|SSECustomer|ServerSideEncryption|\.copy\(|bucket_encryption|AWS_S3_|fs\.s3a\.|S3\w*Storage|S3Hook|sse_?c/i;

const OPERATIONS: Record<string, Operation> = {
  put_object: 'PutObject',
  create_multipart_upload: 'CreateMultipartUpload',
  copy_object: 'CopyObject',
  // Calls that upload nothing but carry SSE-C keys (downloads, parts): they matter for the transport.
  get_object: 'Other',
  head_object: 'Other',
  upload_part: 'Other',
  upload_part_copy: 'Other',
  select_object_content: 'Other',
  get_object_attributes: 'Other',
};
const TRANSFER_METHODS: Record<string, Operation> = {
  upload_file: 'Upload',
  upload_fileobj: 'Upload',
  copy: 'CopyObject',
  download_file: 'Other',
  download_fileobj: 'Other',
};
/** boto3 resource objects: `Object.put(...)`, `Object.copy_from(...)` take the same keywords as the client calls. */
const OBJECT_OPERATIONS: Record<string, Operation> = {
  put: 'PutObject',
  copy_from: 'CopyObject',
  initiate_multipart_upload: 'CreateMultipartUpload',
  get: 'Other',
};
/** Names that say they hold an SSE-C key (not its MD5). */
const SSE_C_KEY_NAME = /sse_?c(ustomer)?_?key$/i;
/** Airflow S3Hook uploads; `encrypt=True` asks S3 for SSE-S3. */
const HOOK_UPLOADS = /^load_(file|string|bytes|file_obj)$/;
/** Positional arguments a transfer call needs before its ExtraArgs: client (Filename, Bucket, Key), Bucket (Filename,
 * Key), Object (Filename). With fewer, the call is not one we can read. */
const TRANSFER_POSITIONALS = { client: 3, bucket: 2, object: 1, transfer: 3, manager: 3 } as const;
/** s3transfer's `TransferManager.upload(fileobj, bucket, key, extra_args)` and friends. */
const MANAGER_METHODS: Record<string, Operation> = { upload: 'Upload', download: 'Other', copy: 'CopyObject' };
type Receiver = keyof typeof TRANSFER_POSITIONALS;

class PythonFacts {
  readonly facts: FileFacts = emptyFacts('python');
  private readonly v: PythonValues;
  private readonly clients: PythonClients;
  private readonly buckets: PythonBuckets;
  private readonly usesCdk: boolean;

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
    /** Other files of the workspace this one imports from (clients and settings objects). */
    private readonly imports?: PythonImports,
  ) {
    this.usesCdk = /\baws_cdk\b/.test(text);
    this.v = new PythonValues(root, text, imports);
    this.clients = new PythonClients(this.v, this.facts);
    this.buckets = new PythonBuckets(this.v, this.facts);
  }

  collect(): FileFacts {
    this.imports?.addClients(this.facts);
    const calls = nodesOfTypes(this.root, ['call']);
    const django = this.text.includes('AWS_S3_');
    for (const n of this.v.assignments) {
      if (django) this.clients.storageSetting(n);
      this.clients.endpointSetting(n);
      this.keySetting(n);
      const left = n.childForFieldName('left');
      if (left?.type === 'subscript' && left.childForFieldName('value')?.text === 'os.environ')
        this.clients.environmentEndpoint(left.childForFieldName('subscript'), n.childForFieldName('right'));
      if (left?.type === 'subscript' && left.childForFieldName('value')?.type === 'identifier') {
        this.v.writeDict(
          left.childForFieldName('value')!,
          this.v.value(left.childForFieldName('subscript')).str,
          n,
          n.childForFieldName('right'),
        );
      }
    }
    if (/S3\w*Storage/.test(this.text)) this.clients.storageBackends();
    for (const n of calls) {
      const fn = n.childForFieldName('function');
      if (
        fn?.type === 'attribute' &&
        fn.childForFieldName('attribute')?.text === 'update' &&
        fn.childForFieldName('object')?.type === 'identifier'
      ) {
        // `extra.update(ServerSideEncryption=...)` names its keys; `extra.update(other)` merges a dict.
        const target = fn.childForFieldName('object')!;
        const given = n.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
        if (given.length && given.every((c) => c?.type === 'keyword_argument'))
          for (const c of given)
            this.v.writeDict(target, c!.childForFieldName('name')?.text, c!, c!.childForFieldName('value'));
        else this.v.writeDict(target, undefined, n, given.length === 1 ? given[0] : null);
      }
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.v.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of calls) this.call(n);
    this.clients.linkFactories();
    if (this.text.includes('FORBID_ENCRYPT_ALLOW_DECRYPT')) {
      for (const n of nodesOfTypes(this.root, ['attribute'])) {
        if (n.text.endsWith('.FORBID_ENCRYPT_ALLOW_DECRYPT')) this.facts.refs.push({ name: n.text, range: rangeOf(n) });
      }
    }
    return this.facts;
  }

  private call(n: SyntaxNode): void {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn || args?.type !== 'argument_list') return;
    const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.text;
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object')?.text : undefined;
    const firstArg = this.v.value(args.namedChildren[0] ?? null);
    // boto3 `client("s3")` / `client(service_name="s3")`, botocore and aiobotocore `create_client("s3")`.
    const service = firstArg.str ?? this.v.value(this.v.keyword(args, 'service_name')).str;
    const maker = method === 'client' || method === 'resource' || method === 'create_client';
    if (this.v.settings.ownMethod(n)) return this.clients.maybeFactoryCall(n);
    if (maker && service === 's3') {
      this.clients.boto3Client(n, fn, args);
    } else if (maker && service === undefined && this.serviceParameter(n, args)) {
      this.clients.genericClient(n, fn, args);
    } else if (method === 'S3Hook') {
      this.clients.hook(n, fn, args);
    } else if (OPERATIONS[method] && receiver && this.s3Request(this.v.kwargs(args))) {
      this.operation(OPERATIONS[method], fn, receiver, this.v.kwargs(args));
    } else if (
      OBJECT_OPERATIONS[method] &&
      receiver &&
      this.receiverKind(fn.childForFieldName('object')) === 'object'
    ) {
      this.operation(
        OBJECT_OPERATIONS[method],
        fn,
        this.resource(fn.childForFieldName('object')) ?? receiver,
        this.v.kwargs(args),
      );
    } else if (
      (TRANSFER_METHODS[method] || MANAGER_METHODS[method]) &&
      receiver &&
      (TRANSFER_METHODS[method] || this.receiverKind(fn.childForFieldName('object')) === 'manager')
    ) {
      const kind = this.receiverKind(fn.childForFieldName('object'));
      const through =
        kind === 'bucket' || kind === 'object' ? this.resource(fn.childForFieldName('object')) : undefined;
      // boto3's older S3Transfer spells its extra arguments `extra_args`.
      this.transfer(
        n,
        kind === 'manager' ? (MANAGER_METHODS[method] ?? TRANSFER_METHODS[method]) : TRANSFER_METHODS[method],
        through ?? receiver,
        args,
        TRANSFER_POSITIONALS[kind],
        kind === 'transfer' || kind === 'manager' ? 'extra_args' : 'ExtraArgs',
      );
    } else if (method === 'generate_presigned_url' && receiver) {
      this.presigned(fn, receiver, args);
    } else if (HOOK_UPLOADS.test(method) && receiver && this.isHook(fn.childForFieldName('object'))) {
      this.hookUpload(fn, receiver, args);
    } else if (method === 'WrappingKey' || /^CreateRawAesKeyringInput$|^RawAESKeyring$/.test(method)) {
      // aws-encryption-sdk raw AES wrapping keys: the key material of client-side encryption.
      const key = this.v.kwargs(args).props.find((p) => p.key === 'wrapping_key');
      if (key) this.facts.keySinks.push(key.value);
    } else if (method === 'put_bucket_encryption' && receiver) {
      this.buckets.bucketEncryption(fn, args);
    } else if (method === 'Bucket' && this.usesCdk && args.namedChildren.length >= 2) {
      this.buckets.cdkBucket(n, fn, args);
    } else if (method === 'CfnBucket' && this.usesCdk && args.namedChildren.length >= 2) {
      this.buckets.cfnBucket(n, fn, args);
    } else if (method === 'CfnBucketPolicy' && this.usesCdk) {
      this.buckets.cfnBucketPolicy(args);
    } else if (method === 'add_to_resource_policy' && this.usesCdk && receiver) {
      this.buckets.addToResourcePolicy(receiver, args);
    } else if (method === 'BucketPolicy' && this.usesCdk) {
      this.buckets.bucketPolicy(args);
    } else if (fn.type === 'identifier' || fn.type === 'attribute') {
      this.clients.maybeFactoryCall(n);
    }
    if (method === 'S3FileSystem' || /client_kwargs|storage_options/.test(args.text))
      this.clients.fsspecClient(n, fn, args);
    if (method === 'setdefault' && receiver === 'os.environ')
      this.clients.environmentEndpoint(args.namedChildren[0], args.namedChildren[1]);
    this.clients.s3a(args);
  }

  /** A constant or settings field named for an SSE-C key (`SSE_C_KEY = "..."`, `sse_customer_key: str = "..."`). */
  private keySetting(n: SyntaxNode): void {
    const left = n.childForFieldName('left');
    if (left?.type !== 'identifier' || !SSE_C_KEY_NAME.test(left.text) || this.v.functionOf(n)) return;
    const right = n.childForFieldName('right');
    if (right) this.facts.keySinks.push(this.v.value(this.v.settings.unwrapField(right)));
  }

  /** `boto3.client(service_name, ...)` where the service is the enclosing function's parameter. */
  private serviceParameter(n: SyntaxNode, args: SyntaxNode): boolean {
    const first = args.namedChildren.find((c) => c?.type !== 'comment');
    const fn = this.v.functionOf(n);
    return first?.type === 'identifier' && !!fn && this.v.settings.isParameter(fn, first.text);
  }

  /**
   * boto3 client methods take keywords only, and every object request names its `Bucket` and `Key`: a `put_object()`
   * without them (a mock server's handler, an app's own storage method) is some other API.
   */
  private s3Request(bag: ReturnType<PythonValues['kwargs']>): boolean {
    return !bag.complete || bag.props.some((p) => p.key === 'Bucket' || p.key === 'Key');
  }

  private operation(op: Operation, fn: SyntaxNode, receiver: string, bag: ReturnType<PythonValues['kwargs']>): void {
    this.facts.operations.push({
      op,
      receiver,
      scope: this.v.localScope(fn, receiver),
      params: { ...bag, complete: bag.complete && bag.positional === 0 },
      range: rangeOf(fn.childForFieldName('attribute') ?? fn),
    });
  }

  /** `generate_presigned_url("put_object", Params={...})`: the request the URL signs, sent by whoever holds it. */
  private presigned(fn: SyntaxNode, receiver: string, args: SyntaxNode): void {
    const [first, second] = args.namedChildren.filter((c) => c?.type !== 'comment');
    const method = this.v.value(first?.type === 'keyword_argument' ? this.v.keyword(args, 'ClientMethod') : first).str;
    const op = method ? OPERATIONS[method] : undefined;
    if (!op) return;
    const params = this.v.keyword(args, 'Params') ?? second;
    const bag = this.v.dict(params?.type === 'keyword_argument' ? null : params);
    this.facts.operations.push({
      op,
      receiver,
      scope: this.v.localScope(fn, receiver),
      params: { props: bag.props, complete: bag.complete, insert: bag.insert },
      range: rangeOf(fn.childForFieldName('attribute') ?? fn),
    });
  }

  private isHook(obj: SyntaxNode | null): boolean {
    const made = obj?.type === 'identifier' ? this.v.constant(obj) : obj;
    return made?.type === 'call' && /(^|\.)S3Hook$/.test(made.childForFieldName('function')?.text ?? '');
  }

  /** `hook.load_file(..., encrypt=True)`: an upload that asks for SSE-S3, or none without `encrypt`. */
  private hookUpload(fn: SyntaxNode, receiver: string, args: SyntaxNode): void {
    const bag = this.v.kwargs(args);
    const encrypt = bag.props.find((p) => p.key === 'encrypt');
    const props: Prop[] = encrypt?.value.bool
      ? [
          {
            name: paramName('ServerSideEncryption'),
            key: 'encrypt',
            range: encrypt.range,
            value: { ...encrypt.value, str: 'AES256' },
          },
        ]
      : [];
    // encrypt may be the fifth positional argument; an unknown value may be True.
    const known = bag.complete && bag.positional < 5 && (!encrypt || encrypt.value.bool !== undefined);
    this.facts.operations.push({
      op: 'Upload',
      receiver,
      params: { props, complete: known },
      range: rangeOf(fn.childForFieldName('attribute') ?? fn),
    });
  }

  /** The resource a `Bucket(...)` / `Object(...)` comes from: `s3` in `s3.Bucket(b).Object(k)` (also through names). */
  private resource(obj: SyntaxNode | null, depth = 0): string | undefined {
    const made = obj?.type === 'identifier' ? this.v.constant(obj) : obj;
    if (made?.type !== 'call' || depth > 4) return undefined;
    const fn = made.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const from = fn?.childForFieldName('object');
    if (!from || (name !== 'Bucket' && name !== 'Object')) return undefined;
    return this.resource(from, depth + 1) ?? from.text;
  }

  /** What a call's receiver is: a boto3 resource Bucket, a resource Object, or (by default) a client. */
  private receiverKind(obj: SyntaxNode | null, depth = 0): Receiver {
    if (!obj || depth > 4) return 'client';
    if (obj.type === 'identifier') {
      const init = this.v.constant(obj);
      return init ? this.receiverKind(init, depth + 1) : 'client';
    }
    if (obj.type === 'call') {
      const fn = obj.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (name === 'Bucket') return 'bucket';
      if (name === 'Object') return 'object';
      if (name === 'S3Transfer') return 'transfer';
      if (name === 'TransferManager') return 'manager';
    }
    return 'client';
  }

  /** upload_file / upload_fileobj / copy: encryption goes in ExtraArgs (`extra_args` for S3Transfer). */
  private transfer(
    n: SyntaxNode,
    op: Operation,
    receiver: string,
    args: SyntaxNode,
    positionals: number,
    extraKey: 'ExtraArgs' | 'extra_args',
  ): void {
    const bag = this.v.kwargs(args);
    const extra = bag.props.find((p) => p.key === extraKey);
    const range = rangeOf(n.childForFieldName('function')?.childForFieldName('attribute') ?? n);
    if (extra) {
      const node = args.namedChildren.find(
        (c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === extraKey,
      );
      const params = this.v.dict(node?.childForFieldName('value'));
      this.facts.operations.push({ op, receiver, scope: this.v.localScope(n, receiver), params, range });
      return;
    }
    // No ExtraArgs at all: the parameters are fully visible (unless splatted) and choose no encryption.
    const insert = bag.insert && {
      ...bag.insert,
      style: 'py-dict' as const,
      before: `${bag.insert.before}${extraKey}={`,
      after: `}${bag.insert.after}`,
      separator: ', ',
    };
    // Filename/Fileobj, Bucket, Key may be passed by keyword too.
    const given =
      bag.positional + bag.props.filter((p) => /^(Filename|Fileobj|Bucket|Key|CopySource)$/.test(p.key)).length;
    this.facts.operations.push({
      op,
      receiver,
      scope: this.v.localScope(n, receiver),
      // More positionals than Filename/Bucket/Key: the extra arguments (or a callback) may be among them.
      params: { props: [], complete: bag.complete && given >= positionals && bag.positional <= positionals, insert },
      range,
    });
  }
}

export async function createPythonFrontEnd(): Promise<FrontEnd> {
  const importParser: TreeSitter.Parser = await createParser('python');
  return treeSitterFrontEnd(
    'python',
    'python',
    (root, text, path, module?: ModuleFiles) => {
      const imports = PythonImports.open(importParser, root, text, path, module, (r, t) => new PythonFacts(r, t));
      try {
        return new PythonFacts(root, text, imports).collect();
      } finally {
        imports?.close();
      }
    },
    PYTHON_RELEVANT,
  );
}
