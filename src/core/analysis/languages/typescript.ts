// TypeScript/JavaScript front end (TypeScript compiler API): AWS SDK v3 (incl. lib-storage), SDK v2, CDK.
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import {
  emptyFacts,
  type BucketFact,
  type FileFacts,
  type Operation,
  type OperationFact,
  type ParamBag,
  type Prop,
  type Range,
} from '../types';
import {
  cdkBucketEncryption,
  cdkPolicyState,
  cfnBucketEncryption,
  cfnPolicyState,
  loopedOver,
  sdkBucketEncryption,
  type BucketDefaults,
} from './typescript-buckets';
import { dirname, resolve as resolvePath } from 'node:path';
import type { ModuleFiles } from '../module-files';
import type { FrontEnd } from './front-end';
import { importClients } from './imported-clients';
import { ClientMakers } from './ts-client-makers';
import { relativeImports, SCRIPT_EXTENSIONS } from './ts-imports';
import { agentForAws, isS3Options, memberPath, NODE_TLS_SWITCH } from './ts-transport';
import { declaredFunctionName, returnedExpression } from './ts-functions';
import { scopeOf, TsValues, unwrap, type Mutation } from './ts-values';
import { end, parseDocument, TsDocuments, type TsDocument } from './ts-document';

const V3_COMMANDS: Record<string, Operation> = {
  PutObjectCommand: 'PutObject',
  CreateMultipartUploadCommand: 'CreateMultipartUpload',
  CopyObjectCommand: 'CopyObject',
  UploadPartCommand: 'Other',
  GetObjectCommand: 'Other',
  HeadObjectCommand: 'Other',
  UploadPartCopyCommand: 'Other',
};
const V2_METHODS: Record<string, Operation> = {
  putObject: 'PutObject',
  createMultipartUpload: 'CreateMultipartUpload',
  copyObject: 'CopyObject',
  upload: 'Upload',
  getObject: 'Other',
  headObject: 'Other',
  uploadPart: 'Other',
};
const CLIENT_CONSTRUCTORS = new Set(['S3Client', 'S3', 'Config', 'S3EncryptionClient']);
const LEGACY_MEMBERS = new Set(['FORBID_ENCRYPT_ALLOW_DECRYPT', 'EncryptionOnly']);
const KEYRING_KEYS = new Set(['unencryptedMasterKey', 'masterKey']);
const INTERESTING_CONSTRUCTORS =
  /^(S3Client|S3|Config|S3EncryptionClient|Endpoint|Upload|Bucket|BucketPolicy|CfnBucket|CfnBucketPolicy|Agent|NodeHttp2?Handler|\w*Command|\w*Keyring\w*)$/;
const INTERESTING_METHODS =
  /^(send|update|putObject|createMultipartUpload|copyObject|upload|getObject|headObject|uploadPart|putBucketEncryption|addToResourcePolicy|getSignedUrl(Promise)?|enableLegacy\w*)$/;
/** Files that use an AWS SDK: only there is an https.Agent's certificate setting about AWS traffic. */
const USES_AWS_SDK = /@aws-sdk\/|['"]aws-sdk['"/]|@smithy\//;
/** The local names of multer-s3's storage factory: `import multerS3 from 'multer-s3'`, `const s3Storage = require('multer-s3')`. */
const MULTER_S3_IMPORT =
  /(?:import\s+(?:\*\s+as\s+)?(\w+)\s+from|(?:const|let|var)\s+(\w+)\s*=\s*require\()\s*['"]multer-s3['"]/g;

function multerS3Names(text: string): Set<string> {
  const names = new Set<string>();
  if (!text.includes('multer-s3')) return names;
  for (const m of text.matchAll(MULTER_S3_IMPORT)) names.add(m[1] ?? m[2]);
  return names;
}
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const TS_RELEVANT = /S3|aws|Bucket|Keyring|FORBID_ENCRYPT|EncryptionOnly|enableLegacy|putObject|http:\/\//i;

interface StatementScan {
  /** [name, initializer, scope]: the scope is found once per statement parse, not once per analysis. */
  declarations: Array<[string, ts.Expression | undefined, object]>;
  reassigned: ts.Identifier[];
  mutations: Mutation[];
  /** `x = f(...)` / `const x = await f(...)`: [assigned name, called function's name, node], for factory-made clients. */
  callResults: Array<[string, string, ts.Node]>;
  /** Parameters (and names destructured from them), declared like constants: see TsFactCollector.collect. */
  parameters: Array<[string, ts.Expression | undefined, object]>;
  /** Functions and methods declared by name, for calls whose result is what they return. */
  functions: Array<[string, ts.Node]>;
  /** `new Name(...)` of classes the file may declare: [class name, expression]. */
  instantiations: Array<[string, ts.NewExpression]>;
  candidates: ts.Node[];
}

/** The called function's own name: `makeClient`, `this.client`, `factory.create` -> `makeClient`, `client`, `create`. */
function calleeName(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const x = unwrap(ts.isAwaitExpression(unwrap(e)) ? (unwrap(e) as ts.AwaitExpression).expression : e);
  if (!ts.isCallExpression(x)) return undefined;
  const c = unwrap(x.expression);
  return ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : undefined;
}

/** The direct children of a node, in source order. */
function childrenOf(node: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  ts.forEachChild(node, (c) => {
    out.push(c);
  });
  return out;
}

/** The parameter a destructured name belongs to (`{ endpoint = '...' }: Options`), if any. */
function parameterOf(binding: ts.BindingElement): ts.ParameterDeclaration | undefined {
  let p: ts.Node = binding.parent;
  while (ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p) || ts.isBindingElement(p)) p = p.parent;
  return ts.isParameter(p) ? p : undefined;
}

/** The call whose result a declaration or assignment keeps: `const x = f(...)`, `x = await f(...)`. */
function resultCall(node: ts.Node): ts.CallExpression | undefined {
  let call: ts.Expression | undefined = ts.isVariableDeclaration(node)
    ? node.initializer
    : ts.isBinaryExpression(node)
      ? node.right
      : ts.isPropertyDeclaration(node)
        ? node.initializer
        : undefined;
  call = call && unwrap(call);
  if (call && ts.isAwaitExpression(call)) call = unwrap(call.expression);
  return call && ts.isCallExpression(call) ? call : undefined;
}

function scanStatement(statement: ts.Node): StatementScan {
  const scan: StatementScan = {
    declarations: [],
    reassigned: [],
    mutations: [],
    callResults: [],
    parameters: [],
    functions: [],
    instantiations: [],
    candidates: [],
  };
  // Depth-first with an explicit stack, not recursion: a 5,000-term concatenation or generated code nested
  // thousands deep must not exhaust the call stack. Children are pushed in reverse to keep source order.
  const stack: ts.Node[] = [statement];
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.kind) {
      case ts.SyntaxKind.VariableDeclaration: {
        const d = node as ts.VariableDeclaration;
        if (ts.isIdentifier(d.name)) {
          scan.declarations.push([d.name.text, d.initializer, scopeOf(d)]);
          const f = calleeName(d.initializer);
          if (f) scan.callResults.push([d.name.text, f, d]);
        } else if (ts.isObjectBindingPattern(d.name) && d.initializer && /(^|\.)env$/.test(d.initializer.getText())) {
          // `const { S3_URL = 'http://...' } = process.env`: the default is what runs unless configured otherwise.
          for (const el of d.name.elements)
            if (ts.isIdentifier(el.name) && el.initializer && !el.dotDotDotToken)
              scan.declarations.push([el.name.text, el.initializer, scopeOf(d)]);
        }
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.MethodDeclaration: {
        const name = declaredFunctionName(node);
        if (name) scan.functions.push([name, node]);
        break;
      }
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.BindingElement: {
        // `function client(endpoint = 'http://...')`, `({ tls = false } = {})`: the default is what runs unless a
        // caller passes another; a parameter without one shadows outer constants of the same name.
        const d = node as ts.ParameterDeclaration | ts.BindingElement;
        const param = ts.isParameter(d) ? d : parameterOf(d);
        if (param && ts.isIdentifier(d.name) && !d.dotDotDotToken)
          scan.parameters.push([d.name.text, d.initializer, scopeOf(param)]);
        break;
      }
      case ts.SyntaxKind.PropertyDeclaration: {
        // `private readonly s3 = makeClient(...)`: the field holds what the factory returns.
        const d = node as ts.PropertyDeclaration;
        const f = calleeName(d.initializer);
        if (f && (ts.isIdentifier(d.name) || ts.isPrivateIdentifier(d.name)))
          scan.callResults.push([`this.${d.name.text}`, f, d]);
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) break;
        const left = unwrap(b.left);
        if (NODE_TLS_SWITCH.test(left.getText())) scan.candidates.push(b);
        if (ts.isIdentifier(left)) scan.reassigned.push(left);
        else if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression)) {
          scan.mutations.push({ target: left.expression, key: left.name.text, value: b.right, node: b });
        } else if (ts.isElementAccessExpression(left) && ts.isIdentifier(left.expression)) {
          const k = left.argumentExpression;
          scan.mutations.push({
            target: left.expression,
            key: ts.isStringLiteralLike(k) ? k.text : undefined,
            value: b.right,
            node: b,
          });
        }
        const f = calleeName(b.right);
        if (f && (ts.isIdentifier(left) || ts.isPropertyAccessExpression(left)))
          scan.callResults.push([left.getText(), f, b]);
        break;
      }
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
        if (/http:\/\//i.test((node as ts.LiteralLikeNode).text)) scan.candidates.push(node);
        break;
      case ts.SyntaxKind.NewExpression: {
        const callee = (node as ts.NewExpression).expression;
        const name = ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : ts.isIdentifier(callee)
            ? callee.text
            : '';
        if (INTERESTING_CONSTRUCTORS.test(name)) scan.candidates.push(node);
        else if (ts.isIdentifier(callee) && /^[A-Z]/.test(name))
          scan.instantiations.push([name, node as ts.NewExpression]);
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const callee = call.expression;
        if (ts.isPropertyAccessExpression(callee) && INTERESTING_METHODS.test(callee.name.text))
          scan.candidates.push(node);
        else if (ts.isIdentifier(callee) && /s3|^registerAs$/i.test(callee.text)) scan.candidates.push(node); // multerS3({...})
        // Object.assign(params, more): the object gains keys we cannot list.
        const target = call.arguments[0];
        if (callee.getText() === 'Object.assign' && target && ts.isIdentifier(target))
          scan.mutations.push({ target, node });
        break;
      }
      case ts.SyntaxKind.PropertyAccessExpression:
        if (LEGACY_MEMBERS.has((node as ts.PropertyAccessExpression).name.text)) scan.candidates.push(node);
        break;
      case ts.SyntaxKind.ObjectLiteralExpression:
        if (isS3Options(node as ts.ObjectLiteralExpression)) scan.candidates.push(node);
        break;
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return scan;
}

class TsFactCollector {
  private readonly facts: FileFacts;
  private readonly v: TsValues;
  /** `const cmd = new PutObjectCommand(...)`: operations waiting for the `client.send(cmd)` that names the client. */
  private readonly pendingByVariable = new Map<string, OperationFact>();
  private readonly sends: Array<{ receiver: string; arg: string }> = [];
  private readonly usesCdk: boolean;
  private readonly usesAwsSdk: boolean;
  private readonly multerS3: Set<string>;
  private readonly makers: ClientMakers;
  /** CDK buckets by the variable holding them, and the policy statements later added to them. */
  private readonly cdkBuckets = new Map<string, BucketFact>();
  private readonly cdkPolicies: Array<{ receiver: string; state: BucketFact['policy'] }> = [];
  /** L1 buckets, their literal bucketName, and CfnBucketPolicy documents that name a bucket by that literal. */
  private readonly cfnBuckets: BucketFact[] = [];
  private readonly cfnBucketNames = new Map<BucketFact, string>();
  private readonly cfnPoliciesByName: Array<{ name: string; state: BucketFact['policy'] }> = [];

  constructor(
    private readonly doc: TsDocument,
    js: boolean,
    private readonly scans: WeakMap<ts.Node, StatementScan>,
  ) {
    this.facts = emptyFacts(js ? 'javascript' : 'typescript');
    this.v = new TsValues(doc);
    this.makers = new ClientMakers(this.v);
    this.usesCdk = /aws-cdk-lib|@aws-cdk\//.test(doc.text);
    this.usesAwsSdk = USES_AWS_SDK.test(doc.text);
    this.multerS3 = multerS3Names(doc.text);
  }

  collect(): FileFacts {
    // Per top-level statement: the constants it declares and the few node kinds rules care about. Statements an
    // edit did not touch are the same node objects after an incremental re-parse, so their lists are reused.
    // Evaluation happens afterwards, when every constant in the file is known.
    const candidates: ts.Node[] = [];
    const scans: StatementScan[] = [];
    for (const statement of this.doc.statements) {
      let scan = this.scans.get(statement);
      if (!scan) {
        scan = scanStatement(statement);
        this.scans.set(statement, scan);
      }
      scans.push(scan);
      for (const [name, init, scope] of scan.declarations) this.v.declare(name, init, scope);
      for (const [name, fn] of scan.functions) this.v.declareFunction(name, fn);
      for (const c of scan.candidates) candidates.push(c);
    }
    // A parameter's default is a constant; one without a default matters only where it shadows a declared name
    // (files have many parameters: declaring each would cost every re-analysis).
    for (const scan of scans)
      for (const [name, init, scope] of scan.parameters)
        if (init || this.v.declares(name)) this.v.declare(name, init, scope);
    for (const scan of scans) for (const id of scan.reassigned) this.v.reassign(id);
    for (const scan of scans) for (const m of scan.mutations) this.v.mutate(m);
    for (const node of candidates) this.candidate(node);
    for (const s of this.sends) {
      const op = this.pendingByVariable.get(s.arg);
      if (op && !op.receiver) op.receiver = s.receiver;
    }
    this.scanned = scans;
    this.factoryClients(scans);
    this.makerSites(scans);
    const apply = (bucket: BucketFact | undefined, state: BucketFact['policy']) => {
      if (!bucket || bucket.policy === 'denies-insecure') return;
      if (state === 'denies-insecure' || state === 'unknown') bucket.policy = state;
    };
    for (const p of this.cdkPolicies) {
      if (p.receiver === '*') for (const b of this.cfnBuckets) apply(b, p.state);
      else apply(this.cdkBuckets.get(p.receiver), p.state);
    }
    for (const p of this.cfnPoliciesByName)
      for (const b of this.cfnBuckets) if (this.cfnBucketNames.get(b) === p.name) apply(b, p.state);
    return this.facts;
  }

  private scanned: StatementScan[] = [];

  /** After clients were imported from other files: link `const s3 = importedFactory()` too. */
  linkImportedFactories(): void {
    this.factoryClients(this.scanned, true);
  }

  /** `const s3 = makeClient()`: the variable holds the client that function returns. */
  private factoryClients(scans: StatementScan[], importedOnly = false): void {
    const factories = new Set(
      this.facts.clients
        .filter((c) => !importedOnly || c.imported)
        .map((c) => c.variable)
        .filter((v): v is string => !!v?.endsWith('()')),
    );
    if (!factories.size) return;
    for (const scan of scans) {
      for (const [variable, fn, node] of scan.callResults) {
        if (!factories.has(`${fn}()`)) continue;
        this.facts.clients.push({
          variable,
          derivesFrom: `${fn}()`,
          options: { props: [], complete: false },
          range: this.v.range(node),
        });
      }
    }
  }

  /** Each call of a function or class that makes a client from its parameters holds the client made there. */
  private makerSites(scans: StatementScan[]): void {
    for (const scan of scans) {
      for (const [variable, fn, node] of scan.callResults) {
        const call = resultCall(node);
        const made = call && this.makers.site(`${fn}()`, call, variable, this.v.range(node));
        if (made) this.facts.clients.push(made);
      }
      for (const [cls, node] of scan.instantiations) {
        const made = this.makers.site(`new ${cls}`, node, undefined, this.v.range(node));
        if (made) this.facts.clients.push(made);
      }
    }
  }

  /** For a client built in a `return` (or an arrow function's body): `name()` of the function that returns it. */
  private factoryName(n: ts.Node): string | undefined {
    let e: ts.Node = n;
    while (
      e.parent &&
      (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isAwaitExpression(e.parent))
    )
      e = e.parent;
    const p = e.parent;
    let fn: ts.Node | undefined;
    if (p && ts.isReturnStatement(p)) {
      fn = p.parent;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    } else if (p && ts.isArrowFunction(p) && p.body === e) fn = p;
    if (!fn) return undefined;
    const named = fn as ts.Node & { name?: ts.Node };
    if (named.name && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name)))
      return `${named.name.text}()`;
    const holder = fn.parent;
    if (
      holder &&
      (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) &&
      ts.isIdentifier(holder.name)
    ) {
      return `${holder.name.text}()`;
    }
    return undefined;
  }

  private candidate(node: ts.Node): void {
    switch (node.kind) {
      case ts.SyntaxKind.NewExpression:
        return this.newExpression(node as ts.NewExpression);
      case ts.SyntaxKind.CallExpression:
        return this.callExpression(node as ts.CallExpression);
      case ts.SyntaxKind.PropertyAccessExpression:
        this.facts.refs.push({ name: node.getText(), range: this.v.range(node) });
        return;
      case ts.SyntaxKind.BinaryExpression:
        return this.processTlsSwitch(node as ts.BinaryExpression);
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.s3Options(node as ts.ObjectLiteralExpression);
      default: {
        const p = node.parent;
        if (!(p && (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)))) {
          this.facts.strings.push({ value: (node as ts.LiteralLikeNode).text, range: this.v.range(node) });
        }
      }
    }
  }

  /**
   * `export const onPrem = { endpoint: 'http://...', forcePathStyle: true }` in a settings module: S3 client options
   * before they reach the client (which may be made in another file). Literals a client constructor reads itself are
   * already its options.
   */
  private s3Options(obj: ts.ObjectLiteralExpression): void {
    const p = obj.parent;
    if (p && ts.isNewExpression(p) && CLIENT_CONSTRUCTORS.has(unwrap(p.expression).getText().replace(/^.*\./, '')))
      return;
    const options = this.endpointObject(this.v.bag(obj), obj);
    if (!options.props.some((o) => o.name === 'endpoint' || o.name === 'sslEnabled' || o.name === 'tls')) return;
    this.boundParams(obj);
    this.facts.clients.push({ variable: memberPath(obj) ?? this.assignedName(obj), options, range: this.v.range(obj) });
  }

  /** `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` in a file that uses the AWS SDK: no certificate checks. */
  private processTlsSwitch(b: ts.BinaryExpression): void {
    const value = this.v.value(b.right);
    if (!this.usesAwsSdk || value.str !== '0') return;
    const range = this.v.range(b);
    const prop: Prop = { name: 'verify', key: 'NODE_TLS_REJECT_UNAUTHORIZED', range, value: { ...value, bool: false } };
    this.facts.clients.push({ options: { props: [prop], complete: false }, range });
  }

  /** `new S3Client(storageProfiles.onprem)` with `storageProfiles` not declared here (imported): options held there. */
  private importedOptions(arg0: ts.Expression | undefined): string | undefined {
    const e = arg0 && unwrap(arg0);
    if (!e || !ts.isPropertyAccessExpression(e)) return undefined;
    let root: ts.Expression = e;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    return ts.isIdentifier(root) && !this.v.declares(root.text) ? e.getText() : undefined;
  }

  /** SDK v2 `new AWS.S3({ params: {...} })` (and adapters passing it on): parameters bound to every call. */
  private boundParams(options: ts.Expression | undefined): void {
    const bound = this.v.member(options, 'params');
    if (bound && ts.isObjectLiteralExpression(this.v.resolve(bound)))
      this.facts.operations.push({ op: 'Other', params: this.v.bag(bound), range: this.v.range(bound) });
  }

  /** An agent given as plain options (`httpsAgent: { rejectUnauthorized: false }`), which the SDK turns into one. */
  private agentOptions(handler: ts.Expression | undefined): void {
    const agent = this.v.member(handler, 'httpsAgent');
    if (agent && ts.isObjectLiteralExpression(this.v.resolve(agent)))
      this.facts.clients.push({ options: this.v.bag(agent), range: this.v.range(agent) });
  }

  private assignedName(node: ts.Node): string | undefined {
    const p = node.parent;
    if (!p) return undefined;
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left.getText();
    if (ts.isPropertyDeclaration(p)) return `this.${p.name.getText()}`;
    // `export default new S3Client(...)`: what `import s3 from './client'` names.
    if (ts.isExportAssignment(p) && !p.isExportEquals) return 'default';
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p))
      return this.assignedName(p);
    // `globalThis.s3 ?? new S3Client(...)`, `prod ? new S3Client(a) : new S3Client(b)`: either is what the name holds.
    if (ts.isConditionalExpression(p) && p.condition !== node) return this.assignedName(p);
    if (
      ts.isBinaryExpression(p) &&
      p.right === node &&
      (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        p.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return this.assignedName(p);
    // `constructor(private readonly s3 = new S3Client(...))` and `{ archive: new S3Client(...) }` (`clients.archive`).
    if (ts.isParameter(p) && ts.isIdentifier(p.name))
      return ts.getModifiers(p)?.length ? `this.${p.name.text}` : p.name.text;
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.initializer === node) return p.name.text;
    return undefined;
  }

  private newExpression(n: ts.NewExpression): void {
    const callee = unwrap(n.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    const arg0 = n.arguments?.[0];
    const range = this.v.range(callee);
    if (CLIENT_CONSTRUCTORS.has(name)) {
      const options = this.endpointObject(this.v.bag(arg0), arg0);
      const assigned = this.assignedName(n);
      const factory = assigned ? undefined : this.factoryName(n);
      this.makers.note(n, options, arg0, assigned, range);
      this.agentOptions(this.v.member(arg0, 'requestHandler'));
      if (name === 'S3') this.boundParams(arg0);
      this.facts.clients.push({
        variable: assigned ?? factory,
        // SDK v2 `new AWS.S3({...})` without an endpoint of its own uses `AWS.config.update({ endpoint })`.
        derivesFrom:
          name === 'S3' && !options.props.some((p) => p.name === 'endpoint' || p.name === 'sslEnabled')
            ? `${ts.isPropertyAccessExpression(callee) ? callee.expression.getText() : 'AWS'}.config`
            : this.importedOptions(arg0),
        options,
        range,
      });
    } else if (/^NodeHttp2?Handler$/.test(name)) {
      this.agentOptions(arg0);
    } else if (name === 'Agent' && this.usesAwsSdk && agentForAws(n)) {
      // https.Agent({ rejectUnauthorized: false }) handed to the SDK's request handler.
      this.facts.clients.push({ options: this.v.bag(arg0), range });
    } else if (name === 'PutBucketEncryptionCommand') {
      this.bucketDefaults(sdkBucketEncryption(this.v, arg0, range));
    } else if (name === 'BucketPolicy' && this.usesCdk) {
      // A separate BucketPolicy construct: its statements are added elsewhere, so the bucket is not "missing".
      const bucket = this.v.member(n.arguments?.[2], 'bucket');
      if (bucket) this.cdkPolicies.push({ receiver: bucket.getText(), state: 'unknown' });
    } else if (name === 'Endpoint' && arg0) {
      const value = this.v.value(arg0);
      this.facts.clients.push({
        options: { props: [{ name: 'endpoint', key: 'Endpoint', range: value.range, value }], complete: false },
        range,
      });
    } else if (V3_COMMANDS[name]) {
      const op: OperationFact = { op: V3_COMMANDS[name], params: this.v.bag(arg0), range };
      const p = n.parent;
      if (
        p &&
        ts.isCallExpression(p) &&
        ts.isPropertyAccessExpression(p.expression) &&
        p.expression.name.text === 'send'
      ) {
        op.receiver = p.expression.expression.getText();
      } else if (
        p &&
        ts.isCallExpression(p) &&
        p.arguments[1] === n &&
        /^(getSignedUrl|createPresignedPost)$/.test(p.expression.getText())
      ) {
        // The presigner signs for the client it is given: `getSignedUrl(client, new PutObjectCommand(...))`.
        op.receiver = p.arguments[0]?.getText();
      }
      const variable = this.assignedName(n);
      if (variable) this.pendingByVariable.set(variable, op);
      this.facts.operations.push(op);
    } else if (name === 'Upload' && arg0) {
      const client = this.v.member(arg0, 'client');
      const params = this.v.member(arg0, 'params');
      if (params)
        this.facts.operations.push({
          op: 'Upload',
          receiver: client?.getText(),
          params: this.v.bag(params),
          range,
        });
    } else if ((name === 'Bucket' || name === 'CfnBucket') && this.usesCdk) {
      this.cdkBucket(n, range, name === 'CfnBucket');
    } else if (name === 'CfnBucketPolicy' && this.usesCdk) {
      this.cfnBucketPolicy(n.arguments?.[2]);
    } else if (/Keyring/.test(name) && arg0) {
      for (const key of KEYRING_KEYS) {
        const m = this.v.member(arg0, key);
        if (m) this.facts.keySinks.push(this.v.value(m));
      }
    }
  }

  private callExpression(c: ts.CallExpression): void {
    const callee = unwrap(c.expression);
    if (ts.isIdentifier(callee) && this.multerS3.has(callee.text)) return this.multerS3Storage(c, callee);
    if (ts.isIdentifier(callee) && callee.text === 'registerAs') return this.settingsNamespace(c, callee);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const receiver = callee.expression.getText();
    const arg0 = c.arguments[0];
    if (method === 'send' && arg0 && ts.isIdentifier(arg0)) this.sends.push({ receiver, arg: arg0.text });
    else if (method === 'putBucketEncryption') {
      this.bucketDefaults(sdkBucketEncryption(this.v, arg0, this.v.range(callee.name)));
    } else if (method === 'addToResourcePolicy' && this.usesCdk) {
      const state = cdkPolicyState(this.v, arg0);
      for (const bucket of loopedOver(callee.expression) ?? [receiver])
        this.cdkPolicies.push({ receiver: bucket, state });
    } else if (method === 'update' && /(^|\.)config$/.test(receiver)) {
      // SDK v2's global configuration: clients made without their own endpoint take it (see newExpression).
      this.facts.clients.push({ variable: receiver, options: this.v.bag(arg0), range: this.v.range(callee) });
    } else if (V2_METHODS[method] && arg0) {
      const resolved = this.v.resolve(arg0);
      // `upload` is a common method name: only S3's managed upload takes a literal { Bucket, Key, Body }.
      if (method === 'upload' && !(ts.isObjectLiteralExpression(resolved) && /\bBucket\b/.test(resolved.getText())))
        return;
      this.facts.operations.push({
        op: V2_METHODS[method],
        receiver,
        params: this.v.bag(arg0),
        range: this.v.range(callee.name),
      });
    } else if (/^getSignedUrl(Promise)?$/.test(method) && arg0 && c.arguments[1]) {
      // SDK v2 `s3.getSignedUrl('putObject', params)`: the presigned request is that operation with those params.
      const op = V2_METHODS[this.v.value(arg0).str ?? ''];
      if (op && op !== 'Upload')
        this.facts.operations.push({
          op,
          receiver,
          params: this.v.bag(c.arguments[1]),
          range: this.v.range(callee.name),
        });
    } else if (/^enableLegacy/.test(method)) {
      this.facts.refs.push({
        name: callee.getText(),
        range: this.v.range(callee.name),
        arg: arg0 ? this.v.value(arg0) : undefined,
      });
    }
  }

  /** `endpoint: { protocol: 'http:', hostname, port }` (an SDK v3 Endpoint object) read as the URL it stands for. */
  private endpointObject(options: ParamBag, arg0: ts.Expression | undefined): ParamBag {
    const prop = options.props.find((p) => p.name === 'endpoint' && p.value.str === undefined);
    const endpoint = prop && this.v.member(arg0, prop.key);
    // `{ url: new URL('http://...') }` (an SDK v3 EndpointV2): the URL it holds.
    const url = endpoint && this.v.member(endpoint, 'url');
    const urlValue = url && this.v.value(url);
    if (prop && urlValue?.str !== undefined)
      return { ...options, props: options.props.map((p) => (p === prop ? { ...prop, value: urlValue } : p)) };
    const protocol = endpoint && this.v.member(endpoint, 'protocol');
    if (!prop || !protocol) return options;
    const scheme = this.v.value(protocol);
    if (scheme.str === undefined) return options;
    const hostExpr = this.v.member(endpoint, 'hostname');
    const host = hostExpr ? this.v.value(hostExpr) : undefined;
    const portText = this.v.member(endpoint, 'port')?.getText().match(/^\d+$/)?.[0];
    const start = `${scheme.str.replace(/:?$/, '')}://`;
    const value =
      host?.str !== undefined
        ? { range: prop.value.range, str: `${start}${host.str}${portText ? `:${portText}` : ''}`, origin: scheme.range }
        : { range: prop.value.range, prefix: start, origin: scheme.range };
    return { ...options, props: options.props.map((p) => (p === prop ? { ...prop, value } : p)) };
  }

  /**
   * multer-s3's `multerS3({ s3, bucket, serverSideEncryption, sseKmsKeyId, ... })`: every request's file becomes an
   * upload with those options. Its option names differ from the SDK's, so no insertion fix is offered.
   */
  private multerS3Storage(c: ts.CallExpression, callee: ts.Identifier): void {
    const options = c.arguments[0];
    if (!options) return;
    const params = this.v.bag(options);
    const client = this.v.member(options, 's3');
    this.facts.operations.push({
      op: 'Upload',
      receiver: client?.getText(),
      params: { props: params.props, complete: params.complete },
      range: this.v.range(callee),
    });
  }

  /**
   * NestJS `registerAs('s3', () => ({ endpoint: process.env.S3_ENDPOINT || 'http://...' }))`: the settings an S3
   * client is built from elsewhere (`ConfigType<typeof s3Config>`), read like that client's options.
   */
  private settingsNamespace(c: ts.CallExpression, callee: ts.Identifier): void {
    const [name, factory] = c.arguments;
    if (!name || !factory || !STORAGE_NAMESPACE.test(this.v.value(name).str ?? '')) return;
    const settings = returnedObject(factory);
    if (settings) this.facts.clients.push({ options: this.v.bag(settings), range: this.v.range(callee) });
  }

  private bucketDefaults(found: BucketDefaults): void {
    this.facts.operations.push(...found.operations);
    this.facts.bucketEncryptions.push(...found.encryptions);
  }

  /** L1 `new s3.CfnBucketPolicy(this, 'Id', { bucket: b.ref, policyDocument })`: the bucket it names gets its state. */
  private cfnBucketPolicy(props: ts.Expression | undefined): void {
    const target = this.v.member(props, 'bucket');
    const state = cfnPolicyState(this.v, props);
    const ref = target && unwrap(target);
    const receiver =
      ref && ts.isPropertyAccessExpression(ref) && /^(ref|bucketName)$/.test(ref.name.text)
        ? ref.expression.getText()
        : undefined;
    const literal = target && this.v.value(target).str;
    if (receiver) this.cdkPolicies.push({ receiver, state });
    else if (literal) this.cfnPoliciesByName.push({ name: literal, state });
    else this.cdkPolicies.push({ receiver: '*', state: 'unknown' }); // cannot tell which bucket it protects
  }

  private cdkBucket(n: ts.NewExpression, range: Range, l1: boolean): void {
    const args = n.arguments ?? ts.factory.createNodeArray();
    const idValue = args[1] ? this.v.value(args[1]) : undefined;
    const bucket: BucketFact = { name: idValue?.str ?? 'Bucket', range, policy: 'missing' };
    const variable = this.assignedName(n);
    if (variable) this.cdkBuckets.set(variable, bucket);
    const props = args[2];
    if (l1) {
      // The CloudFormation resource itself: no enforceSSL; only a CfnBucketPolicy protects it.
      this.bucketDefaults(cfnBucketEncryption(this.v, props));
      const literalName = this.v.value(this.v.member(props, 'bucketName') ?? props ?? args[0]).str;
      if (literalName) this.cfnBucketNames.set(bucket, literalName);
      this.cfnBuckets.push(bucket);
      this.facts.buckets.push(bucket);
      return;
    }
    const encryption = cdkBucketEncryption(this.v, props);
    if (encryption) this.facts.bucketEncryptions.push(encryption);
    if (!props) {
      const after = args[args.length - 1];
      if (after) {
        const at = end(this.doc, after);
        bucket.fix = {
          title: 'Add enforceSSL: true',
          edits: [{ start: at, end: at, newText: ', { enforceSSL: true }' }],
        };
      }
    } else {
      const bag = this.v.bag(props);
      const enforce = bag.props.find((p) => p.name === 'enforceSsl');
      if (enforce?.value.bool === true) bucket.policy = 'denies-insecure';
      else if (enforce?.value.bool === false) {
        bucket.fix = {
          title: 'Set enforceSSL: true',
          edits: [{ start: enforce.value.range.start, end: enforce.value.range.end, newText: 'true' }],
        };
      } else if (enforce || !bag.complete) bucket.policy = 'unknown';
      else if (bag.insert) {
        const p = bag.insert;
        bucket.fix = {
          title: 'Add enforceSSL: true',
          edits: [{ start: p.offset, end: p.offset, newText: `${p.before}enforceSSL: true${p.after}` }],
        };
      }
    }
    this.facts.buckets.push(bucket);
  }
}

/** Settings namespaces that configure an object-storage client. */
const STORAGE_NAMESPACE = /s3|storage|bucket|object/i;

/** The object literal a settings factory returns: `() => ({...})` or the last `return {...}` of its body. */
function returnedObject(factory: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const returned = returnedExpression(unwrap(factory));
  return returned && ts.isObjectLiteralExpression(returned) ? returned : undefined;
}

/** Imported files followed from an imported file (a settings module behind a client module), and how many. */
const NESTED_IMPORTS = 8;

/**
 * Clients imported from relative modules, copied into `facts`; an imported module's own imports are followed once
 * more (`statements.ts` -> `clients.ts` -> `config/storage.ts`), so a client built from imported settings keeps them.
 */
function followImports(
  collector: TsFactCollector,
  facts: FileFacts,
  doc: TsDocument,
  path: string,
  module: ModuleFiles,
  tag: string,
  nested: boolean,
): void {
  let n = 0;
  for (const [spec, names] of relativeImports(doc)) {
    if (nested && n >= NESTED_IMPORTS) break;
    for (const ext of ['', ...SCRIPT_EXTENSIONS]) {
      const other = resolvePath(dirname(path), spec + ext);
      const otherText = /\.[cm]?[jt]sx?$/.test(other) ? module.read(other) : undefined;
      if (otherText === undefined) continue;
      const otherDoc = parseDocument(other, otherText);
      const otherCollector = new TsFactCollector(otherDoc, /\.[mc]?jsx?$/i.test(other), new WeakMap());
      const otherFacts = otherCollector.collect();
      if (!nested) followImports(otherCollector, otherFacts, otherDoc, other, module, `${tag}${n}_`, true);
      importClients(facts, otherFacts, names, `${tag}${n++}`);
      break;
    }
  }
  if (n) collector.linkImportedFactories();
}

export function createTypeScriptFrontEnd(): FrontEnd {
  const documents = new TsDocuments();
  const scans = new WeakMap<ts.Node, StatementScan>();
  const isJs = (path: string) => /\.[mc]?jsx?$/i.test(path);
  return {
    extract(text, path, module) {
      if (!TS_RELEVANT.test(text)) return emptyFacts(isJs(path) ? 'javascript' : 'typescript');
      const doc = documents.get(path, text);
      const collector = new TsFactCollector(doc, isJs(path), scans);
      const facts = collector.collect();
      // Only the SSE-C rule needs to know a client's transport, so only such files look at their imports.
      if (module && /SSECustomer/.test(text)) followImports(collector, facts, doc, path, module, '', false);
      return facts;
    },
  };
}
