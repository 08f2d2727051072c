// Java front end (tree-sitter): SDK v2 request/client builders, SDK v1 client builders and the S3 Encryption Client.
import { paramName } from '../params';
import type { FileFacts, Operation, OperationFact, Prop, Value } from '../types';
import type { FrontEnd } from './front-end';
import { importPackageClients, type PackageSiblings } from './package-clients';
import type * as TreeSitter from 'web-tree-sitter';
import { createParser, nodesOfTypes, nodesWithHttp, parseBounded, rangeOf, walk, type SyntaxNode } from './tree-sitter';
import { classSettings, type ClassDefaults } from './java-values';
import { s3aKey, s3aSetting } from './hadoop-s3a';
import { JAVA_CDK, JavaCdkBuckets, newBucketParts } from './java-cdk';
import { storageSettingsClients } from './java-settings';
import { JavaV1Requests, V1_REQUESTS } from './java-v1-requests';
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
  UploadRequest: 'Upload',
  // Reads and parts carry SSE-C keys too: the key crosses the wire whatever the direction.
  GetObjectRequest: 'Other',
  HeadObjectRequest: 'Other',
  UploadPartRequest: 'Other',
  UploadPartCopyRequest: 'Other',
};
const CLIENT_BUILDERS =
  /^(S3Client|S3AsyncClient|S3EncryptionClient|AmazonS3ClientBuilder|AmazonS3EncryptionClientV2Builder|S3CrtAsyncClient|S3Presigner)$/;
const OPERATION_METHODS = new Set([
  'putObject',
  'createMultipartUpload',
  'copyObject',
  'uploadFile',
  'upload',
  'getObject',
  'getObjectAsBytes',
  'headObject',
  'uploadPart',
  'uploadPartCopy',
]);
/** Other SDKs with look-alike class names (Tencent COS, Aliyun OSS): their requests are not S3's. */
const OTHER_SDKS = /\bcom\.(qcloud|aliyun)\./;
const LEGACY_TYPES = new Set(['AmazonS3EncryptionClient', 'AmazonS3EncryptionClientBuilder']);
const REF_FIELDS =
  /^(CryptoMode\.EncryptionOnly|CommitmentPolicy\.(FORBID_ENCRYPT_ALLOW_DECRYPT|ForbidEncryptAllowDecrypt)|Protocol\.HTTP|SdkHttpConfigurationOption\.TRUST_ALL_CERTIFICATES)$/;

/** An AWS class written with its package (`com.amazonaws.services.s3.AmazonS3EncryptionClientBuilder`, no import). */
const AWS_QUALIFIED = /^(com\.amazonaws|software\.amazon\.awssdk|software\.amazon\.encryption)\.[\w.]*\.([A-Z]\w*)$/;

/** A type's simple name: `S3Client`, also when the code spells out an AWS package instead of importing it. */
function simpleTypeName(n: SyntaxNode | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier' || n.type === 'type_identifier') return n.text;
  return AWS_QUALIFIED.exec(n.text.replace(/\s+/g, ''))?.[2];
}

interface Chain {
  root: SyntaxNode;
  /** The class the chain starts from (`S3Client` in `S3Client.builder()...`). */
  rootName: string;
  links: Array<{ name: string; node: SyntaxNode; arg: SyntaxNode | null }>;
  /** CDK's `Bucket.Builder.create(scope, id)` call that starts the chain. */
  create?: SyntaxNode;
  /** The helper call the chain went through (`baseBuilder().build()`): where a request made that way is reported. */
  via?: SyntaxNode;
}

class JavaFacts extends JavaV1Requests {
  private readonly v1: boolean;
  /** The file configures S3 encryption keys, so an AES SecretKeySpec of unknown purpose is an S3 key. */
  private readonly s3Keys: boolean;

  constructor(root: SyntaxNode, text: string, classDefaults?: ClassDefaults) {
    super(root, text, classDefaults);
    this.v1 = /\bcom\.amazonaws\b/.test(text) && !OTHER_SDKS.test(text);
    this.s3Keys = /S3Encryption|AmazonS3Encryption|EncryptionMaterials|aesKey|SSECustomerKey|sseCustomerKey/.test(text);
    this.cdk = JAVA_CDK.test(text) ? new JavaCdkBuckets(text, (n) => this.value(n)) : undefined;
  }

  private readonly cdk: JavaCdkBuckets | undefined;

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, [
      'variable_declarator',
      'assignment_expression',
      'method_invocation',
      'object_creation_expression',
      'field_access',
    ]);
    this.index(nodes);
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
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
          const typeNode = n.childForFieldName('type');
          const type = simpleTypeName(typeNode) ?? typeNode?.text ?? '';
          if (LEGACY_TYPES.has(type))
            this.facts.refs.push({ name: type, range: rangeOf(n.childForFieldName('type')!) });
          const args = n.childForFieldName('arguments')?.namedChildren ?? [];
          if (type === 'SecretKeySpec' && this.isS3KeySpec(args[1] ?? null))
            this.facts.keySinks.push(this.value(args[0] ?? null));
          if (type === 'SSECustomerKey') this.facts.keySinks.push(this.value(args[0] ?? null));
          if (V1_REQUESTS[type] && this.v1) this.v1Request(n, type);
          if (type === 'Bucket' && this.cdk) this.cdkNewBucket(n);
          if (type === 'CfnBucketPolicy' && this.cdk) this.cdk.cfnPolicy();
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
    if (/@ConfigurationProperties/.test(this.text))
      this.facts.clients.push(...storageSettingsClients(this.root, (n) => this.value(n)));
    if (this.cdk) {
      this.cdk.finish();
      this.facts.buckets.push(...this.cdk.buckets);
      this.facts.bucketEncryptions.push(...this.cdk.encryptions);
    }
    return this.facts;
  }

  /** `AmazonS3 s3 = scannerS3();` / `s3 = this.client();`: the variable holds the client that method returns. */
  private factoryResults(nodes: SyntaxNode[]): void {
    const factories = new Set(this.facts.clients.map((c) => c.variable).filter((v) => v?.endsWith('()')));
    for (const n of nodes) {
      const value = n.childForFieldName(n.type === 'variable_declarator' ? 'value' : 'right');
      const target = n.childForFieldName(n.type === 'variable_declarator' ? 'name' : 'left');
      if (!target) continue;
      if (value?.type === 'field_access') this.sharedClient(n, target.text, value);
      if (value?.type !== 'method_invocation') continue;
      const called = `${value.childForFieldName('name')?.text}()`;
      if (!factories.has(called)) continue;
      if (value.childForFieldName('arguments')?.namedChildren.length) {
        this.factoryCall(n, target.text, value);
        continue;
      }
      this.facts.clients.push({
        variable: target.text,
        derivesFrom: called,
        options: { props: [], complete: false },
        range: rangeOf(n),
      });
    }
  }

  /** `LANDING = create("http://...", false)`: the client the factory builds with these arguments. */
  private factoryCall(n: SyntaxNode, variable: string, call: SyntaxNode): void {
    const returned = this.helperResult(call);
    if (returned?.type !== 'method_invocation' || returned.childForFieldName('name')?.text !== 'build') return;
    const props = this.withArguments(returned, call, () => {
      const chain = this.chain(returned);
      return chain && CLIENT_BUILDERS.test(chain.rootName) ? this.props(chain) : undefined;
    });
    if (props) this.facts.clients.push({ variable, options: { props, complete: true }, range: rangeOf(n) });
  }

  /** `private final S3Client landing = S3Factory.LANDING;`: the client another class holds (here or in the package). */
  private sharedClient(n: SyntaxNode, variable: string, value: SyntaxNode): void {
    const owner = value.childForFieldName('object');
    const declared = n.parent?.childForFieldName('type')?.text ?? '';
    if (owner?.type !== 'identifier' || !/^[A-Z]/.test(owner.text) || !/S3/.test(declared)) return;
    this.facts.clients.push({
      variable,
      derivesFrom: value.text,
      options: { props: [], complete: false },
      range: rangeOf(n),
    });
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
    const complete = !props || chain?.rootName === 'BucketProps';
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
        const rootName = simpleTypeName(obj);
        if ((name === 'builder' || name === 'standard' || name === 'crtBuilder') && obj && rootName)
          return { root: obj, rootName, links, via };
        // CDK: `Bucket.Builder.create(this, "Id")`.
        const owner = obj?.type === 'field_access' ? obj.childForFieldName('object') : undefined;
        if (name === 'create' && obj?.childForFieldName('field')?.text === 'Builder' && owner?.type === 'identifier')
          return { root: owner, rootName: owner.text, links, create: cur, via };
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
    return cur?.type === 'identifier' && cur.text === paramName && links.length
      ? { root: cur, rootName: cur.text, links }
      : undefined;
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
    const objType = simpleTypeName(obj);
    if (obj && objType && LEGACY_TYPES.has(objType)) this.facts.refs.push({ name: objType, range: rangeOf(obj) });
    if (args.length === 2 && /^(set|setBoolean|config)$/.test(name)) {
      const s3a = s3aSetting(s3aKey(args[0]!.text) ?? this.value(args[0]).str, this.value(args[1]), {
        start: args[0]!.startIndex,
        end: args[1]!.endIndex,
      });
      if (s3a) this.facts.clients.push(s3a);
    }
    if (OPERATION_METHODS.has(name)) {
      const arg0 = n.childForFieldName('arguments')?.namedChildren[0];
      if (arg0?.type === 'lambda_expression') this.lambdaOperation(n, name, arg0);
      else if (this.v1 && (name === 'putObject' || name === 'copyObject')) this.v1DirectCall(n, name);
    }
    if (name === 'upload' && this.v1 && /TransferManager/.test(this.text)) this.v1DirectCall(n, name);
    if (name === 'putBucketEncryption' || name === 'setBucketEncryption') this.bucketEncryption(n);
    if (name === 'addToResourcePolicy' && this.cdk && obj?.type === 'identifier') {
      let statement = args[0] ?? null;
      if (statement?.type === 'identifier') statement = this.constant(statement);
      const chain = statement?.type === 'method_invocation' ? this.chain(statement) : undefined;
      this.cdk.addPolicy(obj.text, chain?.rootName === 'PolicyStatement' ? chain.links : undefined);
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
    const rootName = chain.rootName;
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
    } else if (this.cdk && rootName === 'CfnBucket' && chain.create) {
      const id = chain.create.childForFieldName('arguments')?.namedChildren[1] ?? undefined;
      this.cdk.addCfn(id, rangeOf(chain.root), chain.links.find((l) => l.name === 'bucketEncryption')?.arg ?? null);
    } else if (this.cdk && rootName === 'CfnBucketPolicy') {
      this.cdk.cfnPolicy();
    } else if (this.cdk && rootName === 'Bucket' && chain.create) {
      const id = chain.create.childForFieldName('arguments')?.namedChildren[1] ?? undefined;
      const buildAt = n.childForFieldName('object')!.endIndex;
      this.cdk.add(id, rangeOf(chain.root), this.props(chain), true, declarator, buildAt);
    }
  }
}

/** Sibling classes of the package that build S3 clients (Spring configuration classes, client holders). */
function javaPackage(parser: TreeSitter.Parser): PackageSiblings {
  return {
    name: /\.java$/,
    makesClient: /AmazonS3ClientBuilder|AmazonS3Client\b|S3Client\.builder|S3AsyncClient\.(builder|crtBuilder)/,
    // A bean method reading `props.getEndpoint()` takes the default the settings class `StorageProps` declares.
    collect: (root, text, path, module) => {
      const read = new Map<string, Map<string, Value> | undefined>();
      const classDefaults: ClassDefaults = (name) => {
        if (!read.has(name) && /^[A-Z]\w*$/.test(name)) {
          const file = module.siblings(path, new RegExp(`^${name}\\.java$`))[0];
          read.set(name, file ? parsedSettings(parser, file.text) : undefined);
        }
        return read.get(name);
      };
      return new JavaFacts(root, text, classDefaults).collect();
    },
  };
}

function parsedSettings(parser: TreeSitter.Parser, text: string): Map<string, Value> | undefined {
  let tree: TreeSitter.Tree;
  try {
    tree = parseBounded(parser, text);
  } catch {
    return undefined;
  }
  try {
    return classSettings(tree.rootNode, text);
  } finally {
    tree.delete();
  }
}

export async function createJavaFrontEnd(): Promise<FrontEnd> {
  const siblingParser = await createParser('java');
  const pkg = javaPackage(siblingParser);
  return treeSitterFrontEnd(
    'java',
    'java',
    (root, text, path, module) => {
      const facts = new JavaFacts(root, text).collect();
      // Only the SSE-C rule needs a client's transport, so only such files look at the package's other classes.
      if (/SSECustomer|sseCustomer/.test(text))
        importPackageClients(facts, path, module, siblingParser, pkg, { start: 0, end: 0 });
      return facts;
    },
    JAVA_RELEVANT,
  );
}
