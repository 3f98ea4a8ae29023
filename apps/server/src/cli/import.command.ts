import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { Database } from '../db/database';

/**
 * `gridlens import <kind> ...`: one dispatcher, one file per kind (import-<kind>.command.ts next to this one).
 * Each sub-command parses its own arguments (the top-level CLI hands them over untouched) and runs inside an
 * application context, so imports go through the same services (IngestService, repositories) as the server.
 */
export interface ImportCommandContext {
  app: INestApplicationContext;
  config: AppConfig;
  db: Database;
}

export interface ImportCommand {
  /** Usage lines shown by `import --help`, starting with the sub-command's name, e.g. "cases FILE --mapping M.json". */
  usage: string;
  /** Returns the process exit code. Throws an Error (its message is printed) for bad arguments or a failed import. */
  run(args: string[], context: ImportCommandContext): Promise<number>;
}

export type ImportCommands = Record<string, ImportCommand>;

export function importUsage(commands: ImportCommands): string {
  const lines = Object.values(commands).map((c) => c.usage.split('\n').map((l) => `  import ${l}`).join('\n'));
  return `import sub-commands:\n${lines.join('\n') || '  (none registered)'}`;
}

/** Picks the sub-command named by args[0]; returns null with a message when there is none or it is unknown. */
export function pickImportCommand(commands: ImportCommands, args: string[]): { command: ImportCommand; rest: string[] } | { error: string } {
  const [kind, ...rest] = args;
  if (!kind || kind === '--help' || kind === '-h') return { error: importUsage(commands) };
  const command = commands[kind];
  if (!command) return { error: `import: unknown kind "${kind}"\n${importUsage(commands)}` };
  return { command, rest };
}

/** Who started an import from the command line, as recorded in import_job: `--by`, else `cli:<OS user>`. */
export function cliActor(by: string | undefined): string {
  if (by) return by;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}
