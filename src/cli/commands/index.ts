// The subcommands, in help order. Each lives in its own file.
import type { CliCommand } from '../command';
import { lsCommand } from './ls';
import { cpCommand } from './cp';
import { encryptCommand } from './encrypt';
import { decryptCommand } from './decrypt';
import { lintCommand } from './lint';
import { auditCommand } from './audit';
import { reencryptCommand } from './reencrypt';
import { jobsCommand } from './jobs';

export const commands: CliCommand[] = [
  lsCommand,
  cpCommand,
  encryptCommand,
  decryptCommand,
  lintCommand,
  auditCommand,
  reencryptCommand,
  jobsCommand,
];
