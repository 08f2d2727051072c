// Python front end (tree-sitter): boto3 clients and uploads, aws-encryption-sdk commitment policy, CDK buckets.
import { cdkBucketEncryptionValue } from '../sse-values';
import { cdkStatementTransportState, iacTransportState, UNKNOWN } from './iac-policy';
import { listInsertPoint } from '../fixes/params';
import { paramName } from '../params';
import {
  emptyFacts,
  type BucketFact,
  type FileFacts,
  type Operation,
  type ParamBag,
  type ParamName,
  type Prop,
  type Value,
} from '../types';
import type { FrontEnd } from './front-end';
import { dirname, join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import type { ModuleFiles } from '../module-files';
import { importClients, type ImportedName } from './imported-clients';
import {
  createParser,
  innermostContaining,
  nodesOfTypes,
  nodesWithHttp,
  parseBounded,
  rangeOf,
  type SyntaxNode,
} from './tree-sitter';
import { s3aSetting } from './hadoop-s3a';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const PYTHON_RELEVANT =
  /boto3|aws_cdk|aws_encryption_sdk|_object|upload_|http:\/\/|FORBID_ENCRYPT|SSECustomer|ServerSideEncryption|\.copy\(|bucket_encryption|AWS_S3_|fs\.s3a\.|S3(Boto3)?Storage/i;

const OPERATIONS: Record<string, Operation> = {
  put_object: 'PutObject',
  create_multipart_upload: 'CreateMultipartUpload',
  copy_object: 'CopyObject',
};
const TRANSFER_METHODS: Record<string, Operation> = {
  upload_file: 'Upload',
  upload_fileobj: 'Upload',
  copy: 'CopyObject',
};
/** boto3 resource objects: `Object.put(...)`, `Object.copy_from(...)` take the same keywords as the client calls. */
const OBJECT_OPERATIONS: Record<string, Operation> = {
  put: 'PutObject',
  copy_from: 'CopyObject',
  initiate_multipart_upload: 'CreateMultipartUpload',
};
/** Positional arguments a transfer call needs before its ExtraArgs: client (Filename, Bucket, Key), Bucket (Filename,
 * Key), Object (Filename). With fewer, the call is not one we can read. */
const TRANSFER_POSITIONALS = { client: 3, bucket: 2, object: 1, transfer: 3 } as const;
type Receiver = keyof typeof TRANSFER_POSITIONALS;
/** django-storages settings of its S3 client. */
const DJANGO_STORAGE_SETTINGS: Record<string, ParamName> = {
  AWS_S3_ENDPOINT_URL: 'endpoint',
  AWS_S3_USE_SSL: 'useSsl',
  AWS_S3_VERIFY: 'verify',
};
const WRAPPERS = /(^|\.)(b64decode|urlsafe_b64decode|b64encode|urlsafe_b64encode|fromhex|unhexlify|encode|bytes)$/;
const EXTERNAL = /(^|\.)(getenv|get|read|read_bytes|read_text|get_secret_value|get_parameter|urandom|token_bytes)$/;

class PythonFacts {
  readonly facts: FileFacts = emptyFacts('python');
  /** Single-assignment names per scope (`<function start offset>:<name>`, module scope is -1). */
  private readonly constants = new Map<string, SyntaxNode | null>();
  /** Keys written into dict literals after their declaration (`extra["ServerSideEncryption"] = ...`), by dict. */
  private readonly dictWrites = new Map<number, Array<{ key?: string; node: SyntaxNode; value: SyntaxNode | null }>>();
  private readonly cdkBuckets = new Map<string, BucketFact>();
  private readonly cfnBuckets: BucketFact[] = [];
  private readonly usesCdk: boolean;

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
    /** Adds clients imported from other files, before calls are read (so `s3 = imported_factory()` links). */
    private readonly importClients?: (facts: FileFacts) => void,
  ) {
    this.usesCdk = /\baws_cdk\b/.test(text);
  }

  private functions: SyntaxNode[] = [];

  private scopeKey(n: SyntaxNode, name: string): string {
    const fn = innermostContaining(this.functions, n);
    return `${fn ? fn.startIndex : -1}:${name}`;
  }

  /** The node a name was assigned once in the enclosing function, else at module level. */
  private constant(n: SyntaxNode): SyntaxNode | undefined {
    const local = this.scopeKey(n, n.text);
    if (this.constants.has(local)) return this.constants.get(local) ?? undefined;
    return this.constants.get(`-1:${n.text}`) ?? undefined;
  }

  collect(): FileFacts {
    this.importClients?.(this.facts);
    this.functions = nodesOfTypes(this.root, ['function_definition']);
    const nodes = nodesOfTypes(this.root, ['assignment', 'call']);
    for (const n of nodes) {
      if (n.type !== 'assignment') continue;
      const left = n.childForFieldName('left');
      if (left?.type === 'identifier') {
        const key = this.scopeKey(n, left.text);
        this.constants.set(key, this.constants.has(key) ? null : n.childForFieldName('right'));
      }
    }
    if (this.text.includes('AWS_S3_')) for (const n of nodes) if (n.type === 'assignment') this.storageSetting(n);
    if (/S3(Boto3)?Storage/.test(this.text)) this.storageBackends();
    for (const n of nodes) {
      const left = n.type === 'assignment' ? n.childForFieldName('left') : null;
      if (left?.type === 'subscript' && left.childForFieldName('value')?.type === 'identifier') {
        this.writeDict(
          left.childForFieldName('value')!,
          this.value(left.childForFieldName('subscript')).str,
          n,
          n.childForFieldName('right'),
        );
      }
      const fn = n.type === 'call' ? n.childForFieldName('function') : null;
      if (
        fn?.type === 'attribute' &&
        fn.childForFieldName('attribute')?.text === 'update' &&
        fn.childForFieldName('object')?.type === 'identifier'
      ) {
        this.writeDict(fn.childForFieldName('object')!, undefined, n, null);
      }
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of nodes) if (n.type === 'call') this.call(n);
    if (this.text.includes('FORBID_ENCRYPT_ALLOW_DECRYPT')) {
      for (const n of nodesOfTypes(this.root, ['attribute'])) {
        if (n.text.endsWith('.FORBID_ENCRYPT_ALLOW_DECRYPT')) this.facts.refs.push({ name: n.text, range: rangeOf(n) });
      }
    }
    return this.facts;
  }

  /** django-storages settings (`AWS_S3_ENDPOINT_URL = "http://..."`, `AWS_S3_USE_SSL = False`) configure its S3 client. */
  private storageSetting(n: SyntaxNode): void {
    const name = n.childForFieldName('left')?.text ?? '';
    const param = DJANGO_STORAGE_SETTINGS[name];
    if (!param || !this.functionFree(n)) return;
    const value = this.value(n.childForFieldName('right'));
    this.facts.clients.push({
      options: { props: [{ name: param, key: name, range: rangeOf(n), value }], complete: false },
      range: rangeOf(n),
    });
  }

  /**
   * django-storages configured per backend: Django's `STORAGES = {"default": {"BACKEND": "...S3Storage", "OPTIONS":
   * {"endpoint_url": ..., "use_ssl": False}}}`, and `class Media(S3Storage): endpoint_url = ...` class attributes.
   */
  private storageBackends(): void {
    const s3Backend = /S3(Boto3)?Storage\b/;
    for (const d of nodesOfTypes(this.root, ['dictionary'])) {
      if (!s3Backend.test(this.value(this.dictEntry(d, 'BACKEND') ?? null).str ?? '')) continue;
      const options = this.dictEntry(d, 'OPTIONS');
      if (options) this.facts.clients.push({ options: { ...this.dict(options), complete: false }, range: rangeOf(d) });
    }
    for (const c of nodesOfTypes(this.root, ['class_definition'])) {
      if (!s3Backend.test(c.childForFieldName('superclasses')?.text ?? '')) continue;
      const props: Prop[] = [];
      for (const st of c.childForFieldName('body')?.namedChildren ?? []) {
        const a = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
        const key = a?.type === 'assignment' ? a.childForFieldName('left')?.text : undefined;
        if (!a || !key) continue;
        const name = paramName(key);
        if (name !== 'other')
          props.push({ name, key, range: rangeOf(a), value: this.value(a.childForFieldName('right')) });
      }
      if (props.length) this.facts.clients.push({ options: { props, complete: false }, range: rangeOf(c) });
    }
  }

  private functionFree(n: SyntaxNode): boolean {
    return !innermostContaining(this.functions, n);
  }

  private assignedName(n: SyntaxNode): string | undefined {
    const p = n.parent;
    if (p?.type === 'assignment' && p.childForFieldName('right')?.id === n.id) return p.childForFieldName('left')?.text;
    // `with session.client("s3") as s3:` / `async with ...`
    if (p?.type === 'as_pattern' && p.namedChildren[0]?.id === n.id) return p.childForFieldName('alias')?.text;
    return undefined;
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'string': {
        if (n.namedChildren.some((c) => c?.type === 'interpolation')) {
          // f"http://{HOST}:9000": each placeholder whose value is known fills in; the first unknown one ends
          // the known prefix.
          let text = '';
          for (const c of n.namedChildren) {
            if (c?.type === 'string_content' || c?.type === 'escape_sequence') text += c.text;
            else if (c?.type === 'interpolation') {
              const inner = c.namedChildren.length === 1 ? this.value(c.namedChildren[0], depth + 1) : undefined;
              if (inner?.str === undefined) return { range, prefix: text };
              text += inner.str;
            }
          }
          return { range, str: text, origin: range };
        }
        const str = n.namedChildren
          .filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence')
          .map((c) => c!.text)
          .join('');
        return { range, str, origin: range };
      }
      case 'concatenated_string': {
        const parts = n.namedChildren.map((c) => this.value(c, depth + 1));
        if (parts.some((p) => p.str === undefined)) return { range };
        return { range, str: parts.map((p) => p.str).join(''), origin: parts[0]?.origin };
      }
      case 'binary_operator': {
        if (n.childForFieldName('operator')?.text === '%') return this.percentFormat(n, depth);
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        const r = this.value(n.childForFieldName('right'), depth + 1);
        if (l.str === undefined || r.str === undefined) return { range, prefix: l.str ?? l.prefix };
        return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'identifier': {
        const init = this.constant(n);
        return init ? { ...this.value(init, depth + 1), range } : { range };
      }
      case 'attribute':
        return /^os\.environ\b/.test(n.text) ? { range, external: true } : { range, enumName: n.text };
      case 'subscript': {
        if (/^os\.environ\b/.test(n.text)) return { range, external: true };
        // CONFIG["s3"]["endpoint"] where CONFIG is a dict literal in the file.
        const key = this.value(n.childForFieldName('subscript'), depth + 1).str;
        const entry =
          key !== undefined
            ? this.dictEntry(this.subscriptTarget(n.childForFieldName('value'), depth), key)
            : undefined;
        return entry ? { ...this.value(entry, depth + 1), range } : { range };
      }
      case 'call': {
        const fn = n.childForFieldName('function');
        const callee = fn?.text ?? '';
        if (/^os\.(environ\.get|getenv)$/.test(callee)) {
          // os.getenv("S3_URL", "http://...") runs with the literal unless configured otherwise.
          const fallback = n.childForFieldName('arguments')?.namedChildren[1];
          const v = fallback && fallback.type !== 'keyword_argument' ? this.value(fallback, depth + 1) : undefined;
          return v?.str !== undefined ? { ...v, range } : { range, external: true };
        }
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format')
          return this.braceFormat(n, fn, depth);
        if (fn?.type === 'attribute' && /^(encode|decode)$/.test(fn.childForFieldName('attribute')?.text ?? '')) {
          return { ...this.value(fn.childForFieldName('object'), depth + 1), range };
        }
        const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
        if (WRAPPERS.test(callee) && arg) {
          const inner = this.value(arg, depth + 1);
          if (inner.str !== undefined || inner.external) return { ...inner, range };
        }
        if (EXTERNAL.test(callee) || callee === 'open') return { range, external: true };
        return { range };
      }
      default:
        return { range };
    }
  }

  /** A number or string a format placeholder takes (`"%s:%d" % (HOST, PORT)`); undefined when unknown. */
  private formatArg(n: SyntaxNode | null | undefined, depth: number): string | undefined {
    const e = n?.type === 'identifier' ? this.constant(n) : n;
    if (e?.type === 'integer') return e.text;
    return e ? this.value(e, depth + 1).str : undefined;
  }

  /** Fills placeholders left to right; the first unknown value ends the known prefix (like an f-string). */
  private filled(template: Value, parts: string[], values: Array<string | undefined>, range: Value['range']): Value {
    let text = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const v = values[i - 1];
      if (v === undefined) return { range, prefix: text };
      text += v + parts[i];
    }
    return { range, str: text, origin: template.origin };
  }

  /** `"http://%s:%d" % (HOST, PORT)` */
  private percentFormat(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const template = this.value(n.childForFieldName('left'), depth + 1);
    if (template.str === undefined) return { range };
    const right = n.childForFieldName('right');
    const args = right?.type === 'tuple' ? right.namedChildren : [right];
    const parts = template.str.split(/%[sdr]/);
    return this.filled(
      template,
      parts,
      args.map((a) => this.formatArg(a, depth)),
      range,
    );
  }

  /** `"http://{}:{}".format(HOST, PORT)`, `"http://{host}".format(host=HOST)` */
  private braceFormat(n: SyntaxNode, fn: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const template = this.value(fn.childForFieldName('object'), depth + 1);
    if (template.str === undefined) return { range };
    const args = n.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const positional = args.filter((a) => a?.type !== 'keyword_argument');
    const named = (name: string) =>
      args
        .find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)
        ?.childForFieldName('value');
    const fields = [...template.str.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
    const parts = template.str.split(/\{[^{}]*\}/);
    let next = 0;
    const values = fields.map((f) =>
      this.formatArg(f === '' ? positional[next++] : /^\d+$/.test(f) ? positional[Number(f)] : named(f), depth),
    );
    return this.filled(template, parts, values, range);
  }

  private kwargs(args: SyntaxNode | null): ParamBag & { positional: number } {
    const props: Prop[] = [];
    let complete = true;
    let positional = 0;
    const children = args?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
    for (const c of children) {
      if (c.type === 'keyword_argument') {
        const key = c.childForFieldName('name')?.text ?? '';
        props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
      } else if (c.type === 'dictionary_splat') {
        // `**CLIENT_KWARGS` / `**params` where the name is a dict literal in the file: its keys are visible too.
        const spread = this.dict(c.namedChildren[0]);
        props.push(...spread.props);
        if (!spread.complete) complete = false;
      } else if (c.type === 'list_splat') complete = false;
      else positional++;
    }
    const last = children[children.length - 1];
    const insert = args
      ? listInsertPoint(
          this.text,
          'py-kwargs',
          args.startIndex + 1,
          args.endIndex - 1,
          last ? rangeOf(last) : undefined,
        )
      : undefined;
    return { props, complete, insert, positional };
  }

  private writeDict(target: SyntaxNode, key: string | undefined, node: SyntaxNode, value: SyntaxNode | null): void {
    const init = this.constant(target);
    if (init?.type !== 'dictionary') return;
    const list = this.dictWrites.get(init.startIndex) ?? [];
    list.push({ key, node, value });
    this.dictWrites.set(init.startIndex, list);
  }

  private dict(n: SyntaxNode | null | undefined, depth = 0): ParamBag {
    if (n?.type === 'identifier' && depth < 5) {
      const init = this.constant(n);
      if (init) return this.dict(init, depth + 1);
    }
    // `dict(ContentType="text/csv", ServerSideEncryption="AES256")`: keyword arguments are the keys.
    if (n?.type === 'call' && n.childForFieldName('function')?.text === 'dict') {
      const bag = this.kwargs(n.childForFieldName('arguments'));
      return { props: bag.props, complete: bag.complete && bag.positional === 0, insert: bag.insert };
    }
    if (n?.type !== 'dictionary') return { props: [], complete: false };
    const props: Prop[] = [];
    let complete = true;
    const children = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    for (const c of children) {
      if (c.type === 'dictionary_splat' && depth < 5) {
        // `{**BASE_EXTRA, "ContentType": ct}` where BASE_EXTRA is a dict literal in the file.
        const spread = this.dict(c.namedChildren[0], depth + 1);
        props.push(...spread.props);
        if (!spread.complete) complete = false;
        continue;
      }
      const key = c.type === 'pair' ? this.value(c.childForFieldName('key')).str : undefined;
      if (key === undefined) complete = false;
      else
        props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
    }
    for (const w of this.dictWrites.get(n.startIndex) ?? []) {
      if (w.key === undefined) complete = false;
      else props.push({ name: paramName(w.key), key: w.key, range: rangeOf(w.node), value: this.value(w.value) });
    }
    const last = children[children.length - 1];
    return {
      props,
      complete,
      insert: listInsertPoint(this.text, 'py-dict', n.startIndex + 1, n.endIndex - 1, last ? rangeOf(last) : undefined),
    };
  }

  private call(n: SyntaxNode): void {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn || args?.type !== 'argument_list') return;
    const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.text;
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object')?.text : undefined;
    const firstArg = this.value(args.namedChildren[0] ?? null);
    // boto3 `client("s3")` / `client(service_name="s3")`, botocore and aiobotocore `create_client("s3")`.
    const service = firstArg.str ?? this.kwargs(args).props.find((p) => p.key === 'service_name')?.value.str;
    if ((method === 'client' || method === 'resource' || method === 'create_client') && service === 's3') {
      this.facts.clients.push({
        variable: this.assignedName(n) ?? this.factoryName(n),
        options: this.kwargs(args),
        range: rangeOf(fn),
      });
    } else if (OPERATIONS[method] && receiver) {
      const bag = this.kwargs(args);
      this.facts.operations.push({
        op: OPERATIONS[method],
        receiver,
        params: { ...bag, complete: bag.complete && bag.positional === 0 },
        range: rangeOf(fn.childForFieldName('attribute') ?? fn),
      });
    } else if (
      OBJECT_OPERATIONS[method] &&
      receiver &&
      this.receiverKind(fn.childForFieldName('object')) === 'object'
    ) {
      const bag = this.kwargs(args);
      this.facts.operations.push({
        op: OBJECT_OPERATIONS[method],
        receiver,
        params: { ...bag, complete: bag.complete && bag.positional === 0 },
        range: rangeOf(fn.childForFieldName('attribute') ?? fn),
      });
    } else if (TRANSFER_METHODS[method] && receiver) {
      const kind = this.receiverKind(fn.childForFieldName('object'));
      // boto3's older S3Transfer spells its extra arguments `extra_args`.
      this.transfer(
        n,
        TRANSFER_METHODS[method],
        receiver,
        args,
        TRANSFER_POSITIONALS[kind],
        kind === 'transfer' ? 'extra_args' : 'ExtraArgs',
      );
    } else if (method === 'WrappingKey' || /^CreateRawAesKeyringInput$|^RawAESKeyring$/.test(method)) {
      // aws-encryption-sdk raw AES wrapping keys: the key material of client-side encryption.
      const key = this.kwargs(args).props.find((p) => p.key === 'wrapping_key');
      if (key) this.facts.keySinks.push(key.value);
    } else if (method === 'put_bucket_encryption' && receiver) {
      this.bucketEncryption(fn, args);
    } else if (method === 'Bucket' && this.usesCdk && args.namedChildren.length >= 2) {
      this.cdkBucket(n, fn, args);
    } else if (method === 'CfnBucket' && this.usesCdk && args.namedChildren.length >= 2) {
      this.cfnBucket(n, fn, args);
    } else if (method === 'CfnBucketPolicy' && this.usesCdk) {
      this.cfnBucketPolicy(args);
    } else if (method === 'add_to_resource_policy' && this.usesCdk && receiver) {
      const bucket = this.cdkBuckets.get(receiver);
      if (bucket && bucket.policy !== 'denies-insecure')
        bucket.policy = this.cdkStatementState(args.namedChildren[0] ?? null);
    } else if (method === 'BucketPolicy' && this.usesCdk) {
      const target = args.namedChildren
        .find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'bucket')
        ?.childForFieldName('value')?.text;
      const bucket = target ? this.cdkBuckets.get(target) : undefined;
      if (bucket && bucket.policy === 'missing') bucket.policy = 'unknown';
    } else if (fn.type === 'identifier' || fn.type === 'attribute') {
      this.factoryResult(n, method);
    }
    if (/client_kwargs|storage_options/.test(args.text)) this.fsspecClient(n, fn, args);
    const [key, setting] = args.namedChildren;
    if (args.namedChildren.length === 2 && key?.type === 'string' && /fs\.s3a\./.test(key.text)) {
      const s3a = s3aSetting(this.value(key).str, this.value(setting ?? null), {
        start: key.startIndex,
        end: args.endIndex - 1,
      });
      if (s3a) this.facts.clients.push(s3a);
    }
  }

  /**
   * s3fs / fsspec / pandas hand `client_kwargs` to the botocore S3 client they make: `S3FileSystem(client_kwargs=
   * {"endpoint_url": ...}, use_ssl=False)`, `read_parquet(..., storage_options={"client_kwargs": {...}})`.
   */
  private fsspecClient(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const bag = this.kwargs(args);
    const direct = this.keyword(args, 'client_kwargs');
    const nested = this.dictEntry(this.keyword(args, 'storage_options'), 'client_kwargs');
    const options = direct ?? nested;
    if (!options) return;
    const inner = this.dict(options);
    const own = direct ? bag.props.filter((p) => p.name === 'useSsl' || p.name === 'verify') : [];
    this.facts.clients.push({
      variable: direct ? this.assignedName(n) : undefined,
      options: { props: [...inner.props, ...own], complete: false },
      range: rangeOf(fn),
    });
  }

  private keyword(args: SyntaxNode, name: string): SyntaxNode | undefined {
    return (
      args.namedChildren
        .find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name)
        ?.childForFieldName('value') ?? undefined
    );
  }

  /** A CDK L1 property value: `XxxProperty(snake_case=...)` keywords, or a dict with camelCase (or snake) keys. */
  private l1Member(n: SyntaxNode | null | undefined, snake: string): SyntaxNode | undefined {
    const node = n?.type === 'identifier' ? this.constant(n) : n;
    if (node?.type === 'call') {
      const args = node.childForFieldName('arguments');
      return args ? this.keyword(args, snake) : undefined;
    }
    const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return this.dictEntry(node, camel) ?? this.dictEntry(node, snake);
  }

  private l1Bag(n: SyntaxNode | null | undefined): ParamBag {
    const node = n?.type === 'identifier' ? this.constant(n) : n;
    if (node?.type === 'call') return this.kwargs(node.childForFieldName('arguments'));
    return this.dict(node);
  }

  /** L1 `s3.CfnBucket(self, "Id", bucket_encryption=...)`: default encryption as data; only a CfnBucketPolicy protects it. */
  private cfnBucket(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const bucket: BucketFact = {
      name: this.value(args.namedChildren[1] ?? null).str ?? 'Bucket',
      range: rangeOf(fn),
      policy: 'missing',
    };
    const variable = this.assignedName(n);
    if (variable) this.cdkBuckets.set(variable, bucket);
    this.cfnBuckets.push(bucket);
    this.facts.buckets.push(bucket);
    const rules = this.l1Member(this.keyword(args, 'bucket_encryption'), 'server_side_encryption_configuration');
    const list = rules?.type === 'identifier' ? this.constant(rules) : rules;
    if (list?.type !== 'list') return;
    for (const rule of list.namedChildren) {
      const settings = this.l1Bag(this.l1Member(rule, 'server_side_encryption_by_default'));
      const algorithm = settings.props.find((p) => p.name === 'sse');
      if (!algorithm) continue;
      this.facts.operations.push({ op: 'BucketEncryption', params: settings, range: algorithm.range });
      const ruleBag = this.l1Bag(rule);
      const bucketKey = ruleBag.props.find((p) => p.name === 'bucketKey')?.value;
      const keyText = rule?.type === 'call' ? 'bucket_key_enabled=True' : '"bucketKeyEnabled": True';
      const fix = bucketKey
        ? { title: 'Set the Bucket Key to True', edits: [{ ...bucketKey.range, newText: 'True' }] }
        : ruleBag.insert && {
            title: `Add ${keyText}`,
            edits: [
              {
                start: ruleBag.insert.offset,
                end: ruleBag.insert.offset,
                newText: `${ruleBag.insert.before}${keyText}${ruleBag.insert.after}`,
              },
            ],
          };
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
  private cfnBucketPolicy(args: SyntaxNode): void {
    const target = this.keyword(args, 'bucket');
    const doc = this.keyword(args, 'policy_document');
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

  /** What a call's receiver is: a boto3 resource Bucket, a resource Object, or (by default) a client. */
  private receiverKind(obj: SyntaxNode | null, depth = 0): Receiver {
    if (!obj || depth > 4) return 'client';
    if (obj.type === 'identifier') {
      const init = this.constant(obj);
      return init ? this.receiverKind(init, depth + 1) : 'client';
    }
    if (obj.type === 'call') {
      const fn = obj.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (name === 'Bucket') return 'bucket';
      if (name === 'Object') return 'object';
      if (name === 'S3Transfer') return 'transfer';
    }
    return 'client';
  }

  /** For a client built in a `return`: `name()` of the function that returns it. */
  private factoryName(n: SyntaxNode): string | undefined {
    if (n.parent?.type !== 'return_statement') return undefined;
    for (let p = n.parent.parent; p; p = p.parent) {
      if (p.type === 'function_definition') return `${p.childForFieldName('name')?.text}()`;
    }
    return undefined;
  }

  /** `s3 = get_s3()` where get_s3 returns a client: the variable holds that client. */
  private factoryResult(n: SyntaxNode, fn: string): void {
    if (!this.facts.clients.some((c) => c.variable === `${fn}()`)) return;
    const variable = this.assignedName(n);
    if (!variable) return;
    this.facts.clients.push({
      variable,
      derivesFrom: `${fn}()`,
      options: { props: [], complete: false },
      range: rangeOf(n),
    });
  }

  /** `iam.PolicyStatement(effect=..., conditions=...)`, judged by the one policy reader. */
  private cdkStatementState(arg: SyntaxNode | null): BucketFact['policy'] {
    const statement = arg?.type === 'identifier' ? this.constant(arg) : arg;
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
    const e = n?.type === 'identifier' ? this.constant(n) : n;
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
  private bucketEncryption(fn: SyntaxNode, args: SyntaxNode): void {
    const config = args.namedChildren
      .find(
        (c) =>
          c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'ServerSideEncryptionConfiguration',
      )
      ?.childForFieldName('value');
    const rulesNode = this.dictEntry(config ?? null, 'Rules');
    if (rulesNode?.type !== 'list') return;
    for (const rule of rulesNode.namedChildren) {
      const ruleDict = rule?.type === 'identifier' ? this.constant(rule) : rule;
      if (ruleDict?.type !== 'dictionary') continue;
      const algorithm = this.dictEntry(this.dictEntry(ruleDict, 'ApplyServerSideEncryptionByDefault'), 'SSEAlgorithm');
      if (!algorithm) continue;
      const bag = this.dict(ruleDict);
      const bucketKey = bag.props.find((p) => p.name === 'bucketKey')?.value;
      const fix = bucketKey
        ? { title: 'Set BucketKeyEnabled to True', edits: [{ ...bucketKey.range, newText: 'True' }] }
        : bag.insert && {
            title: 'Add "BucketKeyEnabled": True',
            edits: [
              {
                start: bag.insert.offset,
                end: bag.insert.offset,
                newText: `${bag.insert.before}"BucketKeyEnabled": True${bag.insert.after}`,
              },
            ],
          };
      this.facts.bucketEncryptions.push({
        algorithm: this.value(algorithm),
        anchor: rangeOf(fn),
        bucketKey,
        complete: bag.complete,
        fix,
      });
    }
  }

  /** The dict literal a (possibly subscripted) expression stands for. */
  private subscriptTarget(n: SyntaxNode | null, depth: number): SyntaxNode | undefined {
    if (!n || depth > 6) return undefined;
    if (n.type !== 'subscript') return n;
    const key = this.value(n.childForFieldName('subscript'), depth + 1).str;
    return key !== undefined
      ? this.dictEntry(this.subscriptTarget(n.childForFieldName('value'), depth + 1), key)
      : undefined;
  }

  private dictEntry(n: SyntaxNode | null | undefined, key: string): SyntaxNode | undefined {
    const dict = n?.type === 'identifier' ? this.constant(n) : n;
    if (dict?.type !== 'dictionary') return undefined;
    for (const c of dict.namedChildren) {
      if (c?.type === 'pair' && this.value(c.childForFieldName('key')).str === key)
        return c.childForFieldName('value') ?? undefined;
    }
    return undefined;
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
    const bag = this.kwargs(args);
    const extra = bag.props.find((p) => p.key === extraKey);
    const range = rangeOf(n.childForFieldName('function')?.childForFieldName('attribute') ?? n);
    if (extra) {
      const node = args.namedChildren.find(
        (c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === extraKey,
      );
      this.facts.operations.push({ op, receiver, params: this.dict(node?.childForFieldName('value')), range });
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
      params: { props: [], complete: bag.complete && given >= positionals, insert },
      range,
    });
  }

  private cdkBucket(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const bag = this.kwargs(args);
    const id = this.value(args.namedChildren[1] ?? null).str ?? 'Bucket';
    const enforce = bag.props.find((p) => p.name === 'enforceSsl');
    const bucket: BucketFact = { name: id, range: rangeOf(fn), policy: 'missing' };
    const variable = this.assignedName(n);
    if (variable) this.cdkBuckets.set(variable, bucket);
    const encryption = bag.props.find((p) => p.key === 'encryption');
    if (encryption) {
      const alg = cdkBucketEncryptionValue(encryption.value.enumName?.split('.').pop() ?? '');
      const bucketKey = bag.props.find((p) => p.key === 'bucket_key_enabled')?.value;
      const fix = bucketKey
        ? { title: 'Set bucket_key_enabled=True', edits: [{ ...bucketKey.range, newText: 'True' }] }
        : bag.insert && {
            title: 'Add bucket_key_enabled=True',
            edits: [
              {
                start: bag.insert.offset,
                end: bag.insert.offset,
                newText: `${bag.insert.before}bucket_key_enabled=True${bag.insert.after}`,
              },
            ],
          };
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

/** Candidate files for `from <module> import ...` seen from `dir`: relative dots, or a package path from an ancestor. */
function modulePaths(dir: string, module: string): string[] {
  const dots = /^\.*/.exec(module)![0].length;
  const parts = module.slice(dots).split('.').filter(Boolean);
  const bases: string[] = [];
  if (dots) {
    let base = dir;
    for (let i = 1; i < dots; i++) base = dirname(base);
    bases.push(base);
  } else {
    for (let base = dir, i = 0; i < 4; i++, base = dirname(base)) bases.push(base);
  }
  return bases.flatMap((b) => [join(b, ...parts) + '.py', join(b, ...parts, '__init__.py')]);
}

/** Clients imported by name from other files of the workspace (only files that use SSE-C need them). */
function importedClients(
  parser: TreeSitter.Parser,
  root: SyntaxNode,
  text: string,
  path: string,
  module: ModuleFiles | undefined,
  facts: FileFacts,
): void {
  if (!module || !/SSECustomer/.test(text)) return;
  let tag = 0;
  for (const st of nodesOfTypes(root, ['import_from_statement'])) {
    const from = st.childForFieldName('module_name')?.text;
    if (!from) continue;
    const names: ImportedName[] = st
      .childrenForFieldName('name')
      .filter((n): n is SyntaxNode => !!n)
      .map((n) => {
        const exported = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
        const local = n.type === 'aliased_import' ? (n.childForFieldName('alias')?.text ?? exported) : exported;
        return { local, exported, range: rangeOf(st) };
      });
    if (!names.length) continue;
    for (const candidate of modulePaths(dirname(path), from)) {
      const otherText = module.read(candidate);
      if (otherText === undefined) continue;
      let tree: TreeSitter.Tree;
      try {
        tree = parseBounded(parser, otherText);
      } catch {
        break; // an imported file over its parse budget is simply not followed
      }
      try {
        importClients(facts, new PythonFacts(tree.rootNode, otherText).collect(), names, String(tag++));
      } finally {
        tree.delete();
      }
      break;
    }
  }
}

export async function createPythonFrontEnd(): Promise<FrontEnd> {
  const importParser = await createParser('python');
  return treeSitterFrontEnd(
    'python',
    'python',
    (root, text, path, module) => {
      const facts = new PythonFacts(root, text, (f) => importedClients(importParser, root, text, path, module, f));
      return facts.collect();
    },
    PYTHON_RELEVANT,
  );
}
