// Java front end (tree-sitter): SDK v2 request/client builders, SDK v1 client builders and the S3 Encryption Client.
import { paramName } from '../params';
import {
  emptyFacts,
  type FileFacts,
  type Operation,
  type OperationFact,
  type ParamName,
  type Prop,
  type Value,
} from '../types';
import type { FrontEnd } from './front-end';
import { importPackageClients, type PackageSiblings } from './package-clients';
import {
  createParser,
  innermostContaining,
  nodesOfTypes,
  nodesWithHttp,
  rangeOf,
  walk,
  type SyntaxNode,
} from './tree-sitter';
import { s3aSetting } from './hadoop-s3a';
import { JAVA_CDK, JavaCdkBuckets, newBucketParts } from './java-cdk';
import { injectedDefault, lookupFallback } from './java-settings';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string_literal']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const JAVA_RELEVANT =
  /S3Client|AmazonS3|S3Encryption|Request\b|SecretKeySpec|SSECustomerKey|CryptoMode|CommitmentPolicy|Protocol\.HTTP|TRUST_ALL|DISABLE_CERT_CHECKING|disableCertChecking|enableLegacy|putObject|http:\/\/|fs\.s3a\.|software\.amazon\.awscdk/;

const REQUESTS: Record<string, Operation> = {
  PutObjectRequest: 'PutObject',
  CreateMultipartUploadRequest: 'CreateMultipartUpload',
  CopyObjectRequest: 'CopyObject',
  UploadFileRequest: 'Upload',
};
const CLIENT_BUILDERS =
  /^(S3Client|S3AsyncClient|S3EncryptionClient|AmazonS3ClientBuilder|AmazonS3EncryptionClientV2Builder|S3CrtAsyncClient)$/;
const OPERATION_METHODS = new Set(['putObject', 'createMultipartUpload', 'copyObject', 'uploadFile']);
/** SDK v1 request classes built with `new`, and which constructor argument (if any) is the ObjectMetadata. */
const V1_REQUESTS: Record<string, { op: Operation; metadataArg?: number }> = {
  PutObjectRequest: { op: 'PutObject', metadataArg: 3 },
  InitiateMultipartUploadRequest: { op: 'CreateMultipartUpload', metadataArg: 2 },
  CopyObjectRequest: { op: 'CopyObject' },
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
/** Other SDKs with look-alike class names (Tencent COS, Aliyun OSS): their requests are not S3's. */
const OTHER_SDKS = /\bcom\.(qcloud|aliyun)\./;
const WRAPPERS = /(^|\.)(getBytes|decode|create|parseHex|decodeHex|fromHex|fromValue)$/;
const LEGACY_TYPES = new Set(['AmazonS3EncryptionClient', 'AmazonS3EncryptionClientBuilder']);
const REF_FIELDS =
  /^(CryptoMode\.EncryptionOnly|CommitmentPolicy\.FORBID_ENCRYPT_ALLOW_DECRYPT|Protocol\.HTTP|SdkHttpConfigurationOption\.TRUST_ALL_CERTIFICATES)$/;

interface Chain {
  root: SyntaxNode;
  links: Array<{ name: string; node: SyntaxNode; arg: SyntaxNode | null }>;
  /** CDK's `Bucket.Builder.create(scope, id)` call that starts the chain. */
  create?: SyntaxNode;
  /** The helper call the chain went through (`baseBuilder().build()`): where a request made that way is reported. */
  via?: SyntaxNode;
}

class JavaFacts {
  readonly facts: FileFacts = emptyFacts('java');
  private readonly constants = new Map<string, SyntaxNode | null>();
  private readonly opsByVariable = new Map<string, OperationFact>();
  /** Calls whose receiver is a plain variable, by variable name (`meta.setSSEAlgorithm(...)`, `req.withX(...)`). */
  private readonly callsOn = new Map<string, SyntaxNode[]>();
  private readonly v1: boolean;
  /** The file configures S3 encryption keys, so an AES SecretKeySpec of unknown purpose is an S3 key. */
  private readonly s3Keys: boolean;

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
  ) {
    this.v1 = /\bcom\.amazonaws\b/.test(text) && !OTHER_SDKS.test(text);
    this.s3Keys = /S3Encryption|AmazonS3Encryption|EncryptionMaterials|aesKey|SSECustomerKey|sseCustomerKey/.test(text);
    this.cdk = JAVA_CDK.test(text) ? new JavaCdkBuckets((n) => this.value(n)) : undefined;
  }

  private readonly cdk: JavaCdkBuckets | undefined;
  /** Classes declared in the file: `Modes.LEGACY_SSE` reads that class's constant. */
  private readonly classes = new Set<string>();
  /** Methods with one `return <expr>`, by name: helpers that return a builder, a metadata object, a client. */
  private readonly returns = new Map<string, SyntaxNode | null>();

  collect(): FileFacts {
    this.methods = nodesOfTypes(this.root, ['method_declaration', 'constructor_declaration', 'lambda_expression']);
    for (const c of nodesOfTypes(this.root, ['class_declaration', 'interface_declaration', 'enum_declaration'])) {
      const name = c.childForFieldName('name')?.text;
      if (name) this.classes.add(name);
    }
    for (const m of this.methods) this.helperReturn(m);
    const nodes = nodesOfTypes(this.root, [
      'variable_declarator',
      'assignment_expression',
      'method_invocation',
      'object_creation_expression',
      'field_access',
    ]);
    for (const n of nodes) {
      if (n.type === 'variable_declarator') {
        this.propertyDefault(n);
        const name = n.childForFieldName('name')?.text;
        const key = name && this.scopeKey(n, name);
        if (key) this.constants.set(key, this.constants.has(key) ? null : n.childForFieldName('value'));
      } else if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') {
          const local = this.scopeKey(n, left.text);
          this.constants.set(this.constants.has(local) ? local : `-1:${left.text}`, null);
        }
      }
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of nodes) {
      const obj = n.type === 'method_invocation' ? n.childForFieldName('object') : null;
      if (obj?.type === 'identifier') this.callsOn.set(obj.text, [...(this.callsOn.get(obj.text) ?? []), n]);
    }
    const calls: SyntaxNode[] = [];
    for (const n of nodes) {
      switch (n.type) {
        case 'field_access':
          if (REF_FIELDS.test(n.text) && n.parent?.type !== 'field_access') {
            // `put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, trustAll)`: the value decides.
            const args = n.parent?.type === 'argument_list' ? n.parent.namedChildren : [];
            const arg = args.length === 2 && args[0]?.id === n.id ? this.value(args[1] ?? null) : undefined;
            this.facts.refs.push({ name: n.text, range: rangeOf(n), ...(arg ? { arg } : {}) });
          }
          break;
        case 'object_creation_expression': {
          const type = n.childForFieldName('type')?.text ?? '';
          if (LEGACY_TYPES.has(type))
            this.facts.refs.push({ name: type, range: rangeOf(n.childForFieldName('type')!) });
          const args = n.childForFieldName('arguments')?.namedChildren ?? [];
          if (type === 'SecretKeySpec' && this.isS3KeySpec(args[1] ?? null))
            this.facts.keySinks.push(this.value(args[0] ?? null));
          if (type === 'SSECustomerKey') this.facts.keySinks.push(this.value(args[0] ?? null));
          if (V1_REQUESTS[type] && this.v1) this.v1Request(n, type);
          if (type === 'Bucket' && this.cdk) this.cdkNewBucket(n);
          break;
        }
        case 'method_invocation':
          calls.push(n);
          this.invocation(n);
          break;
      }
    }
    for (const c of calls) {
      const name = c.childForFieldName('name')?.text ?? '';
      if (!OPERATION_METHODS.has(name)) continue;
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      const receiver = c.childForFieldName('object')?.text;
      if (arg?.type === 'identifier' && receiver) {
        const op = this.opsByVariable.get(arg.text);
        if (op && !op.receiver) op.receiver = receiver;
      }
    }
    this.factoryResults(nodes);
    if (this.cdk) {
      this.cdk.finish();
      this.facts.buckets.push(...this.cdk.buckets);
      this.facts.bucketEncryptions.push(...this.cdk.encryptions);
    }
    return this.facts;
  }

  /** Records what a method returns when it has exactly one `return <expr>` (a second one makes it ambiguous). */
  private helperReturn(m: SyntaxNode): void {
    const name = m.type === 'method_declaration' ? m.childForFieldName('name')?.text : undefined;
    const body = m.childForFieldName('body');
    if (!name || !body) return;
    const found: SyntaxNode[] = [];
    walk(body, (c) => {
      if (c.type === 'return_statement' && c.namedChildren[0] && innermostContaining(this.methods, c)?.id === m.id)
        found.push(c.namedChildren[0]);
    });
    this.returns.set(name, this.returns.has(name) || found.length !== 1 ? null : found[0]);
  }

  /** The expression a same-class helper call (`baseBuilder()`, `this.metadataFor(f)`) returns. */
  private helperResult(call: SyntaxNode): SyntaxNode | undefined {
    const obj = call.childForFieldName('object');
    if (obj && obj.type !== 'this') return undefined;
    return this.returns.get(call.childForFieldName('name')?.text ?? '') ?? undefined;
  }

  /** `AmazonS3 s3 = scannerS3();` / `s3 = this.client();`: the variable holds the client that method returns. */
  private factoryResults(nodes: SyntaxNode[]): void {
    const factories = new Set(this.facts.clients.map((c) => c.variable).filter((v) => v?.endsWith('()')));
    if (!factories.size) return;
    for (const n of nodes) {
      const value = n.childForFieldName(n.type === 'variable_declarator' ? 'value' : 'right');
      const target = n.childForFieldName(n.type === 'variable_declarator' ? 'name' : 'left');
      if (value?.type !== 'method_invocation' || !target) continue;
      const called = `${value.childForFieldName('name')?.text}()`;
      if (!factories.has(called) || value.childForFieldName('arguments')?.namedChildren.length) continue;
      this.facts.clients.push({
        variable: target.text,
        derivesFrom: called,
        options: { props: [], complete: false },
        range: rangeOf(n),
      });
    }
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'string_literal': {
        const str = n.namedChildren
          .filter((c) => c?.type === 'string_fragment' || c?.type === 'escape_sequence')
          .map((c) => c!.text)
          .join('');
        return { range, str, origin: range };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'binary_expression': {
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        const r = this.value(n.childForFieldName('right'), depth + 1);
        // "http://" + host + ":" + port: the literal start is known.
        if (l.str === undefined || r.str === undefined) return { range, prefix: l.str ?? l.prefix };
        return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
      }
      case 'identifier': {
        const init = this.constant(n);
        if (init) return { ...this.value(init, depth + 1), range };
        const injected = this.propertyDefaults.get(n.text);
        return injected ? { ...injected, range } : { range };
      }
      case 'field_access': {
        if (n.text === 'Boolean.TRUE') return { range, bool: true };
        if (n.text === 'Boolean.FALSE') return { range, bool: false };
        // `Modes.LEGACY_SSE`, `this.endpoint`: a constant of a class declared in this file.
        const owner = n.childForFieldName('object');
        const field = n.childForFieldName('field')?.text;
        const own = owner?.type === 'this' || (owner?.type === 'identifier' && this.classes.has(owner.text));
        const init = own && field ? this.constants.get(`-1:${field}`) : undefined;
        if (init) return { ...this.value(init, depth + 1), range };
        return { range, enumName: n.text };
      }
      case 'method_invocation': {
        const name = n.childForFieldName('name')?.text ?? '';
        const obj = n.childForFieldName('object');
        const fallback = lookupFallback(n, (x) => this.value(x, depth + 1));
        if (fallback) return { ...fallback, range };
        if (/^(getenv|getProperty)$/.test(name) || /^(readAllBytes|readString|getSecretValue)$/.test(name))
          return { range, external: true };
        // A getter of this class's own setting (`getEndpoint()` for a field `endpoint`).
        const getter = /^get([A-Z]\w*)$/.exec(name)?.[1];
        const noArgs = !n.childForFieldName('arguments')?.namedChildren.length;
        if (getter && noArgs && (!obj || obj.type === 'this')) {
          const field = getter.charAt(0).toLowerCase() + getter.slice(1);
          const init = this.constants.get(`-1:${field}`);
          if (init) return { ...this.value(init, depth + 1), range };
          const injected = this.propertyDefaults.get(field);
          if (injected) return { ...injected, range };
        }
        if (name === 'getBytes' && obj) return { ...this.value(obj, depth + 1), range };
        if (name === 'format' && obj?.text === 'String') return this.stringFormat(n, depth);
        const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
        if (WRAPPERS.test(name) && arg) return { ...this.value(arg, depth + 1), range };
        return { range };
      }
      default:
        return { range };
    }
  }

  /** `String.format("http://%s:%d", HOST, PORT)`: placeholders filled from known values; the first unknown one ends the known start. */
  private stringFormat(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const [formatNode, ...args] = n.childForFieldName('arguments')?.namedChildren ?? [];
    const format = this.value(formatNode ?? null, depth + 1).str;
    if (format === undefined) return { range };
    const parts = format.split(/%[sd]/);
    let text = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const arg = args[i - 1];
      const e = arg?.type === 'identifier' ? this.constant(arg) : arg;
      const v = e?.type === 'decimal_integer_literal' ? e.text : e ? this.value(e, depth + 1).str : undefined;
      if (v === undefined) return { range, prefix: text };
      text += v + parts[i];
    }
    return { range, str: text, origin: range };
  }

  /** Fields injected by Spring with a default (`@Value("${s3.endpoint:http://...}") String endpoint`), by name. */
  private readonly propertyDefaults = new Map<string, Value>();

  /** An injected field's default (`@Value("${k:default}")`, `@ConfigProperty(defaultValue = ...)`) is what runs. */
  private propertyDefault(declarator: SyntaxNode): void {
    const name = declarator.childForFieldName('name')?.text;
    const v = name ? injectedDefault(declarator, (x) => this.value(x)) : undefined;
    if (name && v) this.propertyDefaults.set(name, v);
  }

  /** Locals are keyed by their method (`<start>:<name>`); fields and other class-level names by -1. */
  private methods: SyntaxNode[] = [];

  private scopeKey(n: SyntaxNode, name: string): string {
    const m = innermostContaining(this.methods, n);
    return `${m ? m.startIndex : -1}:${name}`;
  }

  private constant(n: SyntaxNode): SyntaxNode | null {
    const local = this.scopeKey(n, n.text);
    if (this.constants.has(local)) return this.constants.get(local) ?? null;
    return this.constants.get(`-1:${n.text}`) ?? null;
  }

  /** For a client built in a `return`: `name()` of the method that returns it (a Spring @Bean, a getter). */
  private factoryName(n: SyntaxNode): string | undefined {
    if (n.parent?.type !== 'return_statement') return undefined;
    for (let p = n.parent.parent; p; p = p.parent)
      if (p.type === 'method_declaration') return `${p.childForFieldName('name')?.text}()`;
    return undefined;
  }

  /** An HMAC or other non-AES SecretKeySpec is not an S3 key; an unknown algorithm counts only in S3-key code. */
  private isS3KeySpec(algorithm: SyntaxNode | null): boolean {
    const alg = this.value(algorithm).str;
    if (alg !== undefined) return /^AES\b/i.test(alg) && this.s3Keys;
    return this.s3Keys;
  }

  private enclosingBody(n: SyntaxNode): SyntaxNode {
    return innermostContaining(this.methods, n) ?? this.root;
  }

  /** Calls made on a local variable inside the same method as `near`. */
  private localCalls(variable: string, near: SyntaxNode): SyntaxNode[] {
    const body = this.enclosingBody(near);
    return (this.callsOn.get(variable) ?? []).filter(
      (c) => c.startIndex >= body.startIndex && c.endIndex <= body.endIndex,
    );
  }

  /** v1 setters (`withSSECustomerKey(k)`, `setSSEAlgorithm(a)`) as props; metadata objects contribute their own. */
  private v1Props(calls: SyntaxNode[], props: Prop[], depth = 0): boolean {
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
  private metadataProps(n: SyntaxNode | null, props: Prop[], depth: number): boolean {
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
  private chainedCalls(n: SyntaxNode): SyntaxNode[] {
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
  private v1Request(n: SyntaxNode, type: string): void {
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

  /** v1 `s3.putObject(bucket, key, file)` / `(bucket, key, stream, metadata)` / `(bucket, key, content)`. */
  private v1DirectCall(n: SyntaxNode, name: string): void {
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length < 3) return;
    const props: Prop[] = [];
    const complete = args.length === 3 || this.metadataProps(args[3], props, 0);
    const op: Operation = name === 'putObject' ? 'PutObject' : 'Upload';
    this.facts.operations.push({
      op,
      receiver: n.childForFieldName('object')?.text,
      params: { props, complete },
      range: rangeOf(n.childForFieldName('name')!),
    });
  }

  /** SDK v2 consumer builders: `s3.putObject(b -> b.bucket(x).key(y).serverSideEncryption(...), body)`. */
  private lambdaOperation(n: SyntaxNode, name: string, lambda: SyntaxNode): void {
    const chain = this.lambdaChain(lambda);
    const body = lambda.childForFieldName('body');
    if (!chain || !body) return;
    const op = REQUESTS[`${name.charAt(0).toUpperCase()}${name.slice(1)}Request`] ?? 'Other';
    this.facts.operations.push({
      op,
      receiver: n.childForFieldName('object')?.text,
      params: {
        props: this.props(chain),
        complete: true,
        insert: { offset: body.endIndex, style: 'java-builder', before: '', after: '', separator: '' },
      },
      range: rangeOf(n.childForFieldName('name')!),
    });
  }

  /** putBucketEncryption(...) (v2 builders or v1 SetBucketEncryptionRequest): the algorithm and Bucket Key calls in it. */
  private bucketEncryption(n: SyntaxNode): void {
    let arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
    if (arg?.type === 'identifier') arg = this.constant(arg);
    if (!arg) return;
    let algorithm: Value | undefined;
    let bucketKey: Value | undefined;
    let complete = true;
    const read = (node: SyntaxNode, depth: number) =>
      walk(node, (c) => {
        if (c.type !== 'method_invocation') return;
        const name = c.childForFieldName('name')?.text ?? '';
        const a = c.childForFieldName('arguments')?.namedChildren[0] ?? null;
        // A rule or configuration held in a local is read where it is built; one made elsewhere may carry the Bucket Key.
        if (
          a?.type === 'identifier' &&
          /^(rules|withRules|serverSideEncryptionConfiguration|withServerSideEncryptionConfiguration)$/.test(name)
        ) {
          const built = this.constant(a);
          if (built && depth < 3) read(built, depth + 1);
          else complete = false;
        }
        if (/^(sseAlgorithm|withSSEAlgorithm|setSSEAlgorithm)$/.test(name)) algorithm = this.value(a);
        if (/^(bucketKeyEnabled|withBucketKeyEnabled|setBucketKeyEnabled)$/.test(name)) bucketKey = this.value(a);
      });
    read(arg, 0);
    if (!algorithm) return;
    this.facts.bucketEncryptions.push({
      algorithm,
      anchor: rangeOf(n.childForFieldName('name')!),
      bucketKey,
      complete,
    });
  }

  /** CDK `new Bucket(this, "Id", BucketProps.builder()...build())`; props in a variable or elsewhere are unknown. */
  private cdkNewBucket(n: SyntaxNode): void {
    const { id, props, range } = newBucketParts(n);
    let built = props;
    if (built?.type === 'identifier') built = this.constant(built) ?? undefined;
    const chain =
      built?.type === 'method_invocation' && built.childForFieldName('name')?.text === 'build'
        ? this.chain(built)
        : undefined;
    const complete = !props || chain?.root.text === 'BucketProps';
    const buildAt = chain ? built!.childForFieldName('object')!.endIndex : undefined;
    const declarator = n.parent?.type === 'variable_declarator' ? n.parent.childForFieldName('name')?.text : undefined;
    this.cdk!.add(id, range, chain && complete ? this.props(chain) : [], complete, declarator, buildAt);
  }

  /** `X.builder().a(1).b(2).build()` (or v1 `X.standard()...build()`), read from the `build()` call. */
  private chain(build: SyntaxNode): Chain | undefined {
    const links: Chain['links'] = [];
    let via: SyntaxNode | undefined;
    let cur = build.childForFieldName('object');
    const link = (call: SyntaxNode) =>
      links.unshift({
        name: call.childForFieldName('name')?.text ?? '',
        node: call,
        arg: call.childForFieldName('arguments')?.namedChildren[0] ?? null,
      });
    for (let hops = 0; hops < 3; hops++) {
      while (cur?.type === 'method_invocation') {
        const name = cur.childForFieldName('name')?.text ?? '';
        const obj = cur.childForFieldName('object');
        if ((name === 'builder' || name === 'standard' || name === 'crtBuilder') && obj?.type === 'identifier')
          return { root: obj, links, via };
        // CDK: `Bucket.Builder.create(this, "Id")`.
        const owner = obj?.type === 'field_access' ? obj.childForFieldName('object') : undefined;
        if (name === 'create' && obj?.childForFieldName('field')?.text === 'Builder' && owner?.type === 'identifier')
          return { root: owner, links, create: cur, via };
        // `baseBuilder().build()`: the chain goes on in what the helper returns.
        const helper = this.helperResult(cur);
        if (helper && !via) {
          via = cur;
          cur = helper;
          continue;
        }
        link(cur);
        cur = obj;
      }
      // `PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(b); req.key(k); ... req.build()`: the
      // chain goes on in the builder variable's declaration, and calls made on the variable add their settings.
      if (cur?.type !== 'identifier') return undefined;
      const variable = cur;
      for (const call of this.localCalls(variable.text, build).reverse()) {
        if (call.childForFieldName('name')?.text !== 'build' && !links.some((l) => l.node.id === call.id)) link(call);
      }
      cur = this.constant(variable);
    }
    return undefined;
  }

  /** The chain inside `b -> b.bucket(x).key(y)`, when the lambda's body is a call chain on its parameter. */
  private lambdaChain(lambda: SyntaxNode): Chain | undefined {
    const param = lambda.childForFieldName('parameters');
    const paramName =
      param?.type === 'identifier' ? param.text : param?.namedChildren.find((c) => c?.type === 'identifier')?.text;
    const links: Chain['links'] = [];
    let cur: SyntaxNode | null = lambda.childForFieldName('body');
    while (cur?.type === 'method_invocation') {
      links.unshift({
        name: cur.childForFieldName('name')?.text ?? '',
        node: cur,
        arg: cur.childForFieldName('arguments')?.namedChildren[0] ?? null,
      });
      cur = cur.childForFieldName('object');
    }
    return cur?.type === 'identifier' && cur.text === paramName && links.length ? { root: cur, links } : undefined;
  }

  private props(chain: Chain, depth = 0): Prop[] {
    // A nested consumer builder (`.putObjectRequest(b -> b.bucket(x).serverSideEncryption(...))`) contributes its own calls.
    const nested = chain.links.flatMap((l) => {
      const inner = l.arg?.type === 'lambda_expression' && depth < 3 ? this.lambdaChain(l.arg) : undefined;
      return inner ? this.props(inner, depth + 1) : [];
    });
    return [
      ...nested,
      ...chain.links
        .filter((l) => l.arg?.type !== 'lambda_expression')
        .map((l) => {
          let valueNode = l.arg;
          // v1: withEndpointConfiguration(new EndpointConfiguration("http://...", region))
          if (valueNode?.type === 'object_creation_expression')
            valueNode = valueNode.childForFieldName('arguments')?.namedChildren[0] ?? null;
          const key = l.name.replace(/^with/, '');
          const name = /^(withEndpointConfiguration|endpointOverride)$/.test(l.name) ? 'endpoint' : paramName(key);
          const nameNode = l.node.childForFieldName('name')!;
          return {
            name,
            key: l.name,
            range: { start: nameNode.startIndex, end: l.node.endIndex },
            value: this.value(valueNode),
          };
        }),
    ];
  }

  private invocation(n: SyntaxNode): void {
    const name = n.childForFieldName('name')?.text ?? '';
    if (/^enableLegacy/.test(name)) {
      this.facts.refs.push({
        name,
        range: rangeOf(n.childForFieldName('name')!),
        arg: this.value(n.childForFieldName('arguments')?.namedChildren[0] ?? null),
      });
      return;
    }
    const obj = n.childForFieldName('object');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    // `put(TRUST_ALL_CERTIFICATES, true)` with the option imported statically.
    if (name === 'put' && args[0]?.type === 'identifier' && args[0].text === 'TRUST_ALL_CERTIFICATES')
      this.facts.refs.push({ name: args[0].text, range: rangeOf(args[0]), arg: this.value(args[1] ?? null) });
    // SDK v1's global switch: System.setProperty(SDKGlobalConfiguration.DISABLE_CERT_CHECKING_SYSTEM_PROPERTY, "true").
    if (
      name === 'setProperty' &&
      obj?.text === 'System' &&
      (/DISABLE_CERT_CHECKING_SYSTEM_PROPERTY$/.test(args[0]?.text ?? '') ||
        this.value(args[0] ?? null).str === 'com.amazonaws.sdk.disableCertChecking')
    )
      this.facts.refs.push({ name: 'DISABLE_CERT_CHECKING', range: rangeOf(n), arg: this.value(args[1] ?? null) });
    if (obj?.type === 'identifier' && LEGACY_TYPES.has(obj.text))
      this.facts.refs.push({ name: obj.text, range: rangeOf(obj) });
    if (args.length === 2 && /^(set|setBoolean|config)$/.test(name)) {
      const s3a = s3aSetting(this.value(args[0]).str, this.value(args[1]), {
        start: args[0]!.startIndex,
        end: args[1]!.endIndex,
      });
      if (s3a) this.facts.clients.push(s3a);
    }
    if (OPERATION_METHODS.has(name)) {
      const arg0 = n.childForFieldName('arguments')?.namedChildren[0];
      if (arg0?.type === 'lambda_expression') this.lambdaOperation(n, name, arg0);
      else if (this.v1 && name === 'putObject') this.v1DirectCall(n, name);
    }
    if (name === 'upload' && this.v1 && /TransferManager/.test(this.text)) this.v1DirectCall(n, name);
    if (name === 'putBucketEncryption' || name === 'setBucketEncryption') this.bucketEncryption(n);
    if (name === 'addToResourcePolicy' && this.cdk && obj?.type === 'identifier') {
      let statement = args[0] ?? null;
      if (statement?.type === 'identifier') statement = this.constant(statement);
      const chain = statement?.type === 'method_invocation' ? this.chain(statement) : undefined;
      this.cdk.addPolicy(obj.text, chain?.root.text === 'PolicyStatement' ? chain.links : undefined);
    }
    if (name === 'setEndpoint' && this.v1 && obj && /^(identifier|field_access)$/.test(obj.type)) {
      // v1 `s3.setEndpoint("http://...")` on a client made with `new AmazonS3Client(...)`.
      const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
      const nameNode = n.childForFieldName('name')!;
      this.facts.clients.push({
        variable: obj.text,
        options: {
          props: [
            {
              name: 'endpoint',
              key: name,
              range: { start: nameNode.startIndex, end: n.endIndex },
              value: this.value(arg),
            },
          ],
          complete: true,
        },
        range: rangeOf(n),
      });
    }
    if (name !== 'build') return;
    const chain = this.chain(n);
    if (!chain) return;
    const rootName = chain.root.text;
    const declarator =
      n.parent?.type === 'variable_declarator'
        ? n.parent.childForFieldName('name')?.text
        : n.parent?.type === 'assignment_expression'
          ? n.parent.childForFieldName('left')?.text
          : this.factoryName(n);
    if (REQUESTS[rootName]) {
      const op: OperationFact = {
        op: REQUESTS[rootName],
        params: {
          props: this.props(chain),
          // UploadFileRequest.putObjectRequest(req): the SSE settings live in a request built elsewhere.
          complete: !chain.links.some((l) => l.name === 'putObjectRequest' && l.arg?.type !== 'lambda_expression'),
          insert: {
            offset: n.childForFieldName('object')!.endIndex,
            style: 'java-builder',
            before: '',
            after: '',
            separator: '',
          },
        },
        range: rangeOf(chain.via ?? chain.root),
      };
      const call = n.parent?.type === 'argument_list' ? n.parent.parent : undefined;
      if (call?.type === 'method_invocation' && OPERATION_METHODS.has(call.childForFieldName('name')?.text ?? ''))
        op.receiver = call.childForFieldName('object')?.text;
      if (declarator) this.opsByVariable.set(declarator, op);
      this.facts.operations.push(op);
    } else if (CLIENT_BUILDERS.test(rootName)) {
      this.facts.clients.push({
        variable: declarator,
        options: { props: this.props(chain), complete: true },
        range: rangeOf(chain.root),
      });
    } else if (this.cdk && rootName === 'Bucket' && chain.create) {
      const id = chain.create.childForFieldName('arguments')?.namedChildren[1] ?? undefined;
      const buildAt = n.childForFieldName('object')!.endIndex;
      this.cdk.add(id, rangeOf(chain.root), this.props(chain), true, declarator, buildAt);
    }
  }
}

/** Sibling classes of the package that build S3 clients (Spring configuration classes, client holders). */
const JAVA_PACKAGE: PackageSiblings = {
  name: /\.java$/,
  makesClient: /AmazonS3ClientBuilder|AmazonS3Client\b|S3Client\.builder|S3AsyncClient\.(builder|crtBuilder)/,
  collect: (root, text) => new JavaFacts(root, text).collect(),
};

export async function createJavaFrontEnd(): Promise<FrontEnd> {
  const siblingParser = await createParser('java');
  return treeSitterFrontEnd(
    'java',
    'java',
    (root, text, path, module) => {
      const facts = new JavaFacts(root, text).collect();
      // Only the SSE-C rule needs a client's transport, so only such files look at the package's other classes.
      if (/SSECustomer|sseCustomer/.test(text))
        importPackageClients(facts, path, module, siblingParser, JAVA_PACKAGE, { start: 0, end: 0 });
      return facts;
    },
    JAVA_RELEVANT,
  );
}
