import { copyFile, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportJob } from '@gridlens/contracts';
import { CaseImportService } from '../services/case-import/case-import.service';
import { loadPreset, presetNames } from '../services/case-import/presets';
import { type ImportCommand, cliActor } from './import.command';

const USAGE = `cases FILE (--mapping M.json | --preset NAME) [--rejects OUT.csv] [--restart] [--by NAME] [--batch ROWS]
      CSV or gzip'd CSV; an interrupted import of the same file and mapping resumes after its last committed line
      (--restart: start over; nothing is imported twice either way). Prints progress and a summary; exit 1 if it failed`;

function bar(job: ImportJob): string {
  const fraction = job.fileBytes ? Math.min(1, job.bytesRead / job.fileBytes) : 0;
  const filled = Math.round(fraction * 30);
  const eta = job.etaSeconds === null ? '?' : `${Math.round(job.etaSeconds)} s`;
  return `[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${(fraction * 100).toFixed(0)}% ${job.rowsRead} rows (${job.rowsRejected} rejected) ${Math.round(job.rowsPerSecond)} rows/s ETA ${eta}`;
}

function summary(job: ImportJob): string {
  const lines = [
    `import ${job.id}: ${job.state}${job.error ? ` (${job.error})` : ''}${job.resumed ? ', resumed' : ''}`,
    `rows read ${job.rowsRead} = imported ${job.rowsImported} + rejected ${job.rowsRejected}`,
    `events added ${job.eventsAdded}, already there ${job.eventsDuplicate}`,
  ];
  for (const [code, rows] of Object.entries(job.rejectedBy).sort((a, b) => b[1] - a[1])) lines.push(`  rejected ${code}: ${rows}`);
  for (const [kind, values] of Object.entries(job.unmapped)) {
    if (!values.length) continue;
    const total = values.reduce((n, v) => n + v.rows, 0);
    const top = values.slice(0, 5).map((v) => `"${v.value}" ${v.rows}`).join(', ');
    lines.push(`  unmapped ${kind} → other: ${total} rows, ${values.length} values (${top}${values.length > 5 ? ', …' : ''})`);
  }
  return lines.join('\n');
}

export const importCasesCommand: ImportCommand = {
  usage: USAGE,
  async run(args, { app }) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        mapping: { type: 'string' },
        preset: { type: 'string' },
        rejects: { type: 'string' },
        restart: { type: 'boolean' },
        by: { type: 'string' },
        batch: { type: 'string' },
      },
    });
    const [file] = positionals;
    if (!file) throw new Error(`import cases: give a FILE\n  import ${USAGE}`);
    let mapping: unknown;
    if (values.mapping) mapping = JSON.parse(await readFile(values.mapping, 'utf8'));
    else if (values.preset) {
      mapping = await loadPreset(values.preset);
      if (mapping === null) throw new Error(`--preset: no preset named "${values.preset}" (have: ${(await presetNames()).join(', ')})`);
    } else throw new Error('import cases: give --mapping M.json or --preset NAME');
    const batchRows = values.batch ? Number(values.batch) : undefined;
    if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows >= 1 && batchRows <= 1500)) throw new Error('--batch: expected 1 to 1500 rows');

    const service = app.get(CaseImportService);
    const started = await service.start({
      filePath: resolve(file), fileName: basename(file), mapping, startedBy: cliActor(values.by),
      restart: values.restart ?? false, batchRows,
    });
    console.log(started.job.resumed ? `resuming import ${started.job.id} after line ${started.job.lastLine}` : `import ${started.job.id} started`);
    const tty = process.stderr.isTTY;
    let lastPrint = 0;
    const subscription = service.progress(started.job.id)?.subscribe((job) => {
      if (tty) process.stderr.write(`\r${bar(job)}`);
      else if (Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        process.stderr.write(`${bar(job)}\n`);
      }
    });
    const job = await started.done;
    subscription?.unsubscribe();
    if (tty) process.stderr.write('\n');
    console.log(summary(job));
    const stored = await service.get(job.id);
    if (stored?.rejectsPath) {
      if (values.rejects) {
        await copyFile(stored.rejectsPath, values.rejects);
        console.log(`rejects: ${values.rejects}`);
      } else console.log(`rejects: ${stored.rejectsPath}`);
    }
    return job.state === 'done' ? 0 : 1;
  },
};
