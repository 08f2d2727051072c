// Choosing the IAM role a Batch Operations job runs as: roles used before, a typed ARN, or first a look at
// the trust and permission policies the role needs (opened as a JSON document and copied to the clipboard).
import * as vscode from 'vscode';
import { batchPermissionPolicy, batchTrustPolicy, type PolicyInputs } from '../../core/batch/job-policies';

const ROLES_KEY = 's3enc.batch.roles';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/;

export function rolePolicyDocument(inputs: PolicyInputs): string {
  return JSON.stringify({ TrustPolicy: batchTrustPolicy(), PermissionPolicy: batchPermissionPolicy(inputs) }, null, 2);
}

export async function chooseRole(
  state: vscode.Memento,
  accountId: string,
  inputs: PolicyInputs,
): Promise<string | undefined> {
  const known = state.get<string[]>(ROLES_KEY, []).filter((r) => r.includes(`::${accountId}:`));
  for (;;) {
    const pick = await vscode.window.showQuickPick(
      [
        ...known.map((arn) => ({ label: arn.replace(/^.*:role\//, ''), description: arn, arn })),
        { label: '$(edit) Enter a role ARN…', arn: 'enter' },
        { label: '$(json) Show and copy the trust and permission policies this role needs', arn: 'policies' },
      ],
      {
        title: 'IAM role for the Batch Operations job',
        placeHolder: 'Batch Operations assumes this role to read the manifest, change the objects and write the report',
      },
    );
    if (!pick) return undefined;
    if (pick.arn === 'policies') {
      const text = rolePolicyDocument(inputs);
      await vscode.env.clipboard.writeText(text);
      await vscode.window.showTextDocument(
        await vscode.workspace.openTextDocument({ language: 'json', content: text }),
        { preview: true, preserveFocus: true },
      );
      void vscode.window.showInformationMessage('The role policies are open in an editor and copied to the clipboard.');
      continue;
    }
    const arn =
      pick.arn === 'enter'
        ? await vscode.window.showInputBox({
            title: 'IAM role ARN',
            value: `arn:aws:iam::${accountId}:role/`,
            validateInput: (v) => (ROLE_ARN.test(v.trim()) ? undefined : 'arn:aws:iam::ACCOUNT:role/NAME'),
          })
        : pick.arn;
    if (!arn) return undefined;
    await state.update(ROLES_KEY, [arn.trim(), ...known.filter((r) => r !== arn.trim())].slice(0, 10));
    return arn.trim();
  }
}
