// The subcommands, in help order. Each lives in its own file.
import type { CliCommand } from '../command';

export const commands: CliCommand[] = [];
