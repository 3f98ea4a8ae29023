import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module';
import { loadConfig, type AppConfig } from './config/app-config';
import type { Database } from './db/database';
import { migrate } from './db/migrator';
import { openDatabase } from './db/open-database';
import { RollupService } from './services/rollup.service';
import { UserService } from './services/user.service';
import { IMPORT_COMMANDS } from './cli/import-commands';
import { pickImportCommand } from './cli/import.command';

const USAGE = `gridlens CLI
  migrate                                   apply pending migrations (also done at every start)
  users add NAME --role planner|leader|admin [--password P]   create or update an account
  users remove NAME                         delete an account
  users list                                list accounts
  rollups rebuild                           remake the rollup tables from the raw cases (exact; the server
                                            keeps them current itself: this is for repair and verification)
  import KIND ...                           import data (see docs/import.md); \`import --help\` lists the kinds
Uses the same configuration as the server (DATABASE_URL or DATA_DIR).`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import') return runImport(argv.slice(1));
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, sub, name] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db, (msg) => console.log(msg));
    if (command === 'migrate') {
      console.log('migrations are up to date');
      return 0;
    }
    if (command !== 'users' && command !== 'rollups') throw new Error(`unknown command "${command}"\n${USAGE}`);
    const app = await commandContext(config, db);
    try {
      const users = app.get(UserService);
      if (command === 'rollups') {
        if (sub !== 'rebuild') throw new Error(`rollups: expected rebuild\n${USAGE}`);
        const { rows, seq, seconds } = await app.get(RollupService).rebuild();
        console.log(`rollups rebuilt: ${rows} rows, every event up to seq ${seq}, in ${seconds.toFixed(1)} s`);
      } else if (sub === 'add') {
        if (!name) throw new Error('users add: give a NAME');
        if (!values.role) throw new Error('users add: give --role planner, leader or admin');
        const password = await users.add(name, values.role, values.password);
        console.log(values.password ? `account ${name} (${values.role}) saved` : `account ${name} (${values.role}) saved; password (shown once): ${password}`);
      } else if (sub === 'remove') {
        if (!name) throw new Error('users remove: give a NAME');
        console.log((await users.remove(name)) ? `account ${name} removed` : `no account named ${name}`);
      } else if (sub === 'list') {
        for (const u of await users.list()) console.log(`${u.username}\t${u.role}\t${u.createdAt}`);
      } else {
        throw new Error(`users: expected add, remove or list\n${USAGE}`);
      }
    } finally {
      await app.close();
    }
    return 0;
  } finally {
    await db.close();
  }
}

/**
 * The services a command uses, without HTTP and without the alert rules: those are the server's to evaluate (a
 * command would evaluate them a second time, and its minute rule scans the open cases: 2–3 s a minute at 10 M cases,
 * beside a rebuild or an import).
 */
function commandContext(config: AppConfig, db: Database): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot({ ...config, ALERTS: 'off' }, db, { http: false }), { logger: ['error'] });
}

/** `import KIND ...`: the sub-command parses its own options, so they bypass the parser above. */
async function runImport(args: string[]): Promise<number> {
  const picked = pickImportCommand(IMPORT_COMMANDS, args);
  if ('error' in picked) {
    console.log(picked.error);
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db, (msg) => console.log(msg));
    const app = await commandContext(config, db);
    try {
      return await picked.command.run(picked.rest, { app, config, db });
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error & { response?: { message?: string } }) => {
    console.error(`error: ${error.response?.message ?? error.message}`);
    process.exit(1);
  },
);
