// Workloads that Terraform configures with the SDKs' own endpoint variables (`AWS_ENDPOINT_URL`,
// `AWS_ENDPOINT_URL_S3`): a Lambda function's `environment.variables`, an ECS container's `environment` list. Every AWS
// SDK and the CLI in that workload send S3 traffic to that endpoint.
import type { FileFacts } from '../types';
import { elemValue, objectElems, objectKey } from './terraform-hcl';
import type { TfScope } from './terraform-scope';
import { rangeOf, walk, type SyntaxNode } from './tree-sitter';

/** The SDKs' own endpoint variables, read by every AWS SDK and the CLI (`AWS_ENDPOINT_URL_DYNAMODB` is not S3's). */
const SDK_ENDPOINT_VARIABLE = /^"?AWS_ENDPOINT_URL(_S3)?"?$/;

/**
 * `AWS_ENDPOINT_URL[_S3] = "..."` set for a workload (a Lambda's `environment.variables`, an ECS container's
 * `environment = [{ name, value }]`): the SDK clients in it use that endpoint.
 */
export function sdkEndpointVariables(root: SyntaxNode, scope: TfScope, facts: FileFacts): void {
  const push = (key: string, range: { start: number; end: number }, expr: SyntaxNode | undefined) =>
    facts.clients.push({
      options: { props: [{ name: 'endpoint', key, range, value: scope.value(expr) }], complete: false },
      range,
    });
  walk(root, (n) => {
    if (n.type === 'object_elem' || n.type === 'attribute') {
      const key = n.namedChildren[0]?.text ?? '';
      if (SDK_ENDPOINT_VARIABLE.test(key)) push(key, rangeOf(n), n.namedChildren[1] ?? undefined);
    } else if (n.type === 'object') {
      const elems = objectElems(n);
      const name = elems.find((e) => objectKey(e) === 'name');
      const value = elems.find((e) => objectKey(e) === 'value');
      const key = name && scope.value(elemValue(name)).str;
      if (value && key && SDK_ENDPOINT_VARIABLE.test(key)) push(key, rangeOf(value), elemValue(value));
    }
  });
}
