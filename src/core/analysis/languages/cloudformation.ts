// CloudFormation front end (YAML and JSON via the `yaml` package, which keeps source offsets).
import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { paramName } from '../params';
import { emptyFacts, type BucketFact, type FileFacts, type Prop, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { SECURE_TRANSPORT_KEY, TLS_STATEMENT_SID, tlsDenyStatement } from '../../encryption/bucket-policy';
import { iacTransportState } from './iac-policy';
import { CfnIntrinsics, fillPlaceholders, get, rangeOf, toData } from './cloudformation-intrinsics';

/** The values an intrinsic may take: both Fn::If branches; a plain value is its own only alternative. */
function alternatives(x: unknown): unknown[] {
  if (typeof x === 'object' && x !== null && !Array.isArray(x)) {
    const o = x as Record<string, unknown>;
    if (Array.isArray(o['Fn::If'])) return (o['Fn::If'] as unknown[]).slice(1).flatMap((b) => alternatives(b));
    if (o.Ref === 'AWS::NoValue') return [];
  }
  return [x];
}

/**
 * The bucket a BucketPolicy's `Bucket` names: a logical id (Ref, Sub of one), or a literal bucket name; an
 * imported value names another stack's bucket (no target here). Undefined when it cannot be told.
 */
function bucketTargets(x: unknown): BucketTarget[] | undefined {
  const out: BucketTarget[] = [];
  for (const a of alternatives(x)) {
    if (typeof a === 'object' && a !== null && 'Fn::ImportValue' in a) continue;
    const sub = typeof a === 'object' && a !== null ? (a as Record<string, unknown>)['Fn::Sub'] : undefined;
    const subRef = typeof sub === 'string' ? /^\$\{([\w]+)\}$/.exec(sub)?.[1] : undefined;
    if (typeof a === 'string') out.push({ name: a });
    else if (typeof a === 'object' && a !== null && typeof (a as { Ref?: unknown }).Ref === 'string')
      out.push({ ref: (a as { Ref: string }).Ref });
    else if (subRef) out.push({ ref: subRef });
    // A computed name (`!Sub "${AWS::StackName}-logs"`, `!Join`): the bucket whose BucketName is the same expression.
    else if (typeof a === 'object' && a !== null) out.push({ expr: JSON.stringify(a) });
    else return undefined;
  }
  return out;
}

interface BucketTarget {
  ref?: string;
  name?: string;
  expr?: string;
}

/** CloudFormation takes "true" / "false" strings for booleans (parameters are always strings). */
function booleanValue(v: Value): Value {
  return v.str === 'true' || v.str === 'false' ? { ...v, bool: v.str === 'true' } : v;
}

/** The SDKs' own endpoint variables (`AWS_ENDPOINT_URL_SQS` and the like are other services'). */
const SDK_ENDPOINT_VARIABLE = /^AWS_ENDPOINT_URL(_S3)?$/;

/** Resources that deploy another template, which may attach a policy to a bucket handed to it. */
const NESTED_STACKS = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** Logical ids an intrinsic refers to: `Ref`, `Fn::GetAtt`, `${Id}` / `${Id.Attr}` inside `Fn::Sub`. */
function referencedIds(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const e of x) referencedIds(e, out);
  else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) {
      if (k === 'Ref' && typeof v === 'string') out.push(v);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out.push(v[0]);
      else if (k === 'Fn::Sub') for (const m of JSON.stringify(v).matchAll(/\$\{([\w]+)/g)) out.push(m[1]);
      else referencedIds(v, out);
    }
  }
  return out;
}

/** A PolicyDocument: an object, or a JSON string (plain or `Fn::Sub`, whose placeholders are resources). */
function policyState(doc: unknown): BucketFact['policy'] {
  const sub = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['Fn::Sub'] : undefined;
  const json: unknown = typeof doc === 'string' ? doc : Array.isArray(sub) ? (sub as unknown[])[0] : sub;
  if (typeof json !== 'string') return iacTransportState(doc);
  try {
    return iacTransportState(JSON.parse(json.replace(/\$\{[^}]*\}/g, 'X')));
  } catch {
    return 'unknown';
  }
}

class CloudFormationFacts {
  readonly facts: FileFacts = emptyFacts('cloudformation');
  private readonly json: boolean;
  private readonly template: CfnIntrinsics;
  /** The template's values as read inside the resource being collected (its `Condition` holds there). */
  private intrinsics: CfnIntrinsics;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
  ) {
    this.json = /^\s*\{/.test(text);
    this.template = new CfnIntrinsics(doc);
    this.intrinsics = this.template;
  }

  collect(): FileFacts {
    visit(this.doc, {
      Scalar: (_k, n) => {
        // `Fn::Sub` placeholders (`${Bucket}.s3.${AWS::Region}`) stand for one host label each.
        if (typeof n.value === 'string' && /http:\/\//i.test(n.value))
          this.facts.strings.push({ value: fillPlaceholders(n.value), range: rangeOf(n) });
      },
    });
    this.deploymentBucket(get(get(this.doc.contents, 'provider'), 'deploymentBucket'));
    if (this.text.includes('AWS_ENDPOINT_URL')) this.sdkEndpointVariables();
    // A template's `Resources`, or a Serverless Framework file's `resources.Resources`.
    const resources = get(this.doc.contents, 'Resources') ?? get(get(this.doc.contents, 'resources'), 'Resources');
    if (!isMap(resources)) return this.facts;
    const policies: Array<{ targets?: BucketTarget[]; state: BucketFact['policy'] }> = [];
    const bucketNames = new Map<string, unknown>();
    const handedOn = new Set<string>();
    for (const pair of resources.items as Array<Pair<Scalar, YAMLMap>>) {
      const type = get(pair.value, 'Type');
      const props = get(pair.value, 'Properties');
      const typeName = isScalar(type) ? String(type.value) : '';
      this.intrinsics = this.template.assuming(get(pair.value, 'Condition'));
      if (NESTED_STACKS.has(typeName))
        for (const id of referencedIds(toData(get(props, 'Parameters')))) handedOn.add(id);
      if (typeName === 'AWS::S3::Bucket') {
        const name = String((pair.key?.value as string | number | undefined) ?? 'Bucket');
        this.facts.buckets.push({
          name,
          range: rangeOf(pair.key),
          policy: 'missing',
          fix: this.addPolicyFix(pair, name),
        });
        bucketNames.set(name, toData(get(props, 'BucketName')));
        this.encryption(props);
      } else if (typeName === 'AWS::S3::BucketPolicy') {
        const doc = get(props, 'PolicyDocument');
        policies.push({
          targets: bucketTargets(toData(get(props, 'Bucket'))),
          state: doc ? policyState(toData(doc)) : 'unknown',
        });
      }
    }
    // A computed name that is no bucket's own BucketName expression could still be one of them.
    const names = new Set([...bucketNames.values()].map((n) => JSON.stringify(n)));
    const untied = policies.some(
      (p) => !p.targets || p.targets.some((t) => t.expr !== undefined && !names.has(t.expr)),
    );
    for (const b of this.facts.buckets) {
      const literalName = bucketNames.get(b.name);
      // A policy names this bucket by its logical id, by its literal BucketName, or by the same Ref its BucketName uses.
      const named = (t: BucketTarget) =>
        t.ref === b.name ||
        (t.expr !== undefined && t.expr === JSON.stringify(literalName)) ||
        (t.name !== undefined && t.name === literalName) ||
        (t.ref !== undefined && JSON.stringify(literalName) === JSON.stringify({ Ref: t.ref }));
      const states = policies.filter((p) => p.targets?.some(named)).map((p) => p.state);
      if (states.includes('denies-insecure')) b.policy = 'denies-insecure';
      // A bucket handed to a nested stack may get its policy there; that template is not read.
      else if (untied || states.includes('unknown') || handedOn.has(b.name)) b.policy = 'unknown';
    }
    return this.facts;
  }

  private encryption(props: unknown): void {
    const rules = get(get(props, 'BucketEncryption'), 'ServerSideEncryptionConfiguration');
    if (!isSeq(rules)) return;
    for (const rule of rules.items) {
      const byDefault = get(rule, 'ServerSideEncryptionByDefault');
      if (!isMap(byDefault)) continue;
      const propsList = this.props(byDefault);
      this.facts.operations.push({
        op: 'BucketEncryption',
        params: { props: propsList, complete: true },
        range: rangeOf(byDefault),
      });
      const algorithm = propsList.find((p) => p.name === 'sse');
      if (!algorithm || !isMap(rule)) continue;
      // Fn::If between algorithms: it is one algorithm when every branch says the same.
      const options = alternatives(toData(byDefault.get('SSEAlgorithm', true)));
      const value: Value =
        options.length && options.every((o) => o === options[0] && typeof o === 'string')
          ? { range: algorithm.value.range, str: options[0] as string }
          : algorithm.value;
      const keyPair = (rule.items as Array<Pair<Scalar, Node>>).find((p) => p.key?.value === 'BucketKeyEnabled');
      const bucketKey = keyPair ? booleanValue(this.value(keyPair.value)) : undefined;
      this.facts.bucketEncryptions.push({
        algorithm: value,
        anchor: algorithm.range,
        bucketKey,
        complete: true,
        fix: this.bucketKeyFix(rule, keyPair),
      });
    }
  }

  /** The map's settings; one that a condition may remove (`!If [c, x, !Ref AWS::NoValue]`) is not counted. */
  private props(map: YAMLMap): Prop[] {
    const present = (map.items as Array<Pair<Scalar, Node>>).filter((p) => !this.intrinsics.mayBeAbsent(p.value));
    return present.map((p) => {
      const key = String((p.key?.value as string | number | undefined) ?? '');
      return {
        name: paramName(key),
        key,
        range: { start: rangeOf(p.key).start, end: rangeOf(p.value).end },
        value: this.value(p.value),
      };
    });
  }

  /** A literal, or what an intrinsic deploys as with the parameters at their defaults (see CfnIntrinsics). */
  private value(n: unknown): Value {
    return this.intrinsics.value(n);
  }

  /**
   * `AWS_ENDPOINT_URL[_S3]` set for a workload (Lambda and SAM `Environment.Variables`, SAM `Globals`, Serverless
   * `environment`, ECS / CodeBuild `{ Name, Value }` lists): every AWS SDK in it sends S3 traffic there.
   */
  private sdkEndpointVariables(): void {
    const push = (key: string, range: Value['range'], node: unknown) =>
      this.facts.clients.push({
        options: { props: [{ name: 'endpoint', key, range, value: this.value(node) }], complete: false },
        range,
      });
    visit(this.doc, {
      Pair: (_k, pair) => {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (SDK_ENDPOINT_VARIABLE.test(key))
          push(key, { start: rangeOf(pair.key as Node).start, end: rangeOf(pair.value as Node).end }, pair.value);
      },
      Map: (_k, map) => {
        const name = map.get('Name', true) ?? map.get('name', true);
        const value = map.get('Value', true) ?? map.get('value', true);
        const key = this.value(name).str;
        if (value !== undefined && key !== undefined && SDK_ENDPOINT_VARIABLE.test(key))
          push(key, rangeOf(value), value);
      },
    });
  }

  /** Serverless Framework `provider.deploymentBucket`: the encryption its artifact uploads are sent with. */
  private deploymentBucket(settings: unknown): void {
    if (!isMap(settings)) return;
    const props = this.props(settings).filter((p) => p.name === 'sse' || p.name === 'kmsKeyId');
    if (props.length)
      this.facts.operations.push({
        op: 'BucketEncryption',
        params: { props, complete: true },
        range: rangeOf(settings),
      });
  }

  private bucketKeyFix(rule: YAMLMap, existing: Pair<Scalar, Node> | undefined): BucketFact['fix'] {
    if (existing) {
      const r = rangeOf(existing.value);
      return { title: 'Set BucketKeyEnabled: true', edits: [{ ...r, newText: 'true' }] };
    }
    const first = rule.items[0] as Pair<Scalar, Node> | undefined;
    if (!first?.key) return undefined;
    const keyStart = rangeOf(first.key).start;
    if (this.json)
      return {
        title: 'Add "BucketKeyEnabled": true',
        edits: [{ start: keyStart, end: keyStart, newText: '"BucketKeyEnabled": true, ' }],
      };
    // YAML: a new key at the same indentation as the rule's first key.
    const lineStart = this.text.lastIndexOf('\n', keyStart - 1) + 1;
    const indent = this.text.slice(lineStart, keyStart).replace(/\S/g, ' ');
    return {
      title: 'Add BucketKeyEnabled: true',
      edits: [{ start: keyStart, end: keyStart, newText: `BucketKeyEnabled: true\n${indent}` }],
    };
  }

  private addPolicyFix(pair: Pair<Scalar, YAMLMap>, name: string): BucketFact['fix'] {
    const keyStart = rangeOf(pair.key).start;
    const lineStart = this.text.lastIndexOf('\n', keyStart - 1) + 1;
    const indent = this.text.slice(lineStart, keyStart).replace(/\S/g, ' ');
    const valueEnd = pair.value?.range?.[1] ?? rangeOf(pair.key).end;
    const policyId = `${name}TlsOnlyPolicy`;
    if (this.json) {
      const body = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: name },
          PolicyDocument: {
            Statement: [tlsDenyStatement([{ 'Fn::GetAtt': [name, 'Arn'] }, { 'Fn::Sub': `\${${name}.Arn}/*` }])],
          },
        },
      };
      const json = JSON.stringify(body, null, 2).replace(/\n/g, `\n${indent}`);
      return {
        title: 'Add a BucketPolicy that denies non-TLS requests',
        edits: [{ start: valueEnd, end: valueEnd, newText: `,\n${indent}"${policyId}": ${json}` }],
      };
    }
    const i = (n: number) => indent + '  '.repeat(n);
    const lines = [
      `${indent}${policyId}:`,
      `${i(1)}Type: AWS::S3::BucketPolicy`,
      `${i(1)}Properties:`,
      `${i(2)}Bucket: !Ref ${name}`,
      `${i(2)}PolicyDocument:`,
      `${i(3)}Statement:`,
      `${i(4)}- Sid: ${TLS_STATEMENT_SID}`,
      `${i(5)}Effect: Deny`,
      `${i(5)}Principal: '*'`,
      `${i(5)}Action: 's3:*'`,
      `${i(5)}Resource:`,
      `${i(6)}- !GetAtt ${name}.Arn`,
      `${i(6)}- !Sub '\${${name}.Arn}/*'`,
      `${i(5)}Condition:`,
      `${i(6)}Bool:`,
      `${i(7)}${SECURE_TRANSPORT_KEY}: false`,
    ];
    // Insert after the bucket's last non-blank character so the new resource starts on its own line.
    let end = valueEnd;
    while (end > keyStart && /\s/.test(this.text[end - 1])) end--;
    return {
      title: 'Add a BucketPolicy that denies non-TLS requests',
      edits: [{ start: end, end, newText: `\n${lines.join('\n')}` }],
    };
  }
}

export function createCloudFormationFrontEnd(): FrontEnd {
  return {
    extract(text) {
      // Unknown tags (!Ref, !Sub, ...) produce warnings, not errors; the tagged nodes keep their values.
      const doc = parseDocument(text, { keepSourceTokens: false, strict: false, uniqueKeys: false });
      return new CloudFormationFacts(doc, text).collect();
    },
  };
}
