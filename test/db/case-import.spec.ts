/**
 * Case import (docs/import.md) through CaseImportService on both databases: a hand-made CSV of a Chinese city's old
 * system (every kind of bad row next to good ones, a quoted multi-line description), interrupted by a failing ingest
 * and resumed, imported twice (nothing added), gzip'd and GBK-encoded (the same cases), and mappings that name codes
 * the catalogue lacks (400 naming the field). Every expectation is worked out from how the rows were built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestException, type INestApplicationContext } from '@nestjs/common';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Database } from '../../apps/server/src/db/database';
import { CaseImportService } from '../../apps/server/src/services/case-import/case-import.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { TIANNING, ZHONGLOU } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const HEADER = ['编号', '大类', '小类', '部门', '来源', '状态', '上报时间', '结案时间', '经度', '纬度', '描述'];

const MAPPING = {
  source: 'czold',
  columns: {
    id: '编号', category: ['大类', '小类'], department: '部门', channel: '来源', status: '状态', description: '描述',
    created: '上报时间', closed: '结案时间', coordinates: { lon: '经度', lat: '纬度' },
  },
  dates: { formats: ['yyyy-MM-dd HH:mm:ss', 'yyyy/M/d H:mm'], zone: 'Asia/Shanghai' },
  categories: { table: { '市容环境 / 暴露垃圾': 'E0101', 市容环境: 'E0505' }, other: 'E0102' },
  departments: { table: { 环卫处: 'D02', 市政处: 'D01' }, other: 'D09' },
  statuses: { table: { 已结案: 'closed', 处置中: 'dispatched', 已立案: 'registered', 作废: 'voided' } },
  channels: { table: { 巡查: 'inspector', 热线: 'hotline' } },
};

type Kind = 'closed' | 'dispatched' | 'registered' | 'voided' | 'unmapped-category' | 'multiline'
  | 'no-coordinates' | 'closed-before-created' | 'bad-date' | 'outside-regions' | 'malformed-row' | 'unmapped-status';
const EVENTS: Partial<Record<Kind, number>> = { closed: 5, dispatched: 3, registered: 2, voided: 2, 'unmapped-category': 5, multiline: 5 };
const REJECTED: Kind[] = ['no-coordinates', 'closed-before-created', 'bad-date', 'outside-regions', 'malformed-row', 'unmapped-status'];

/** 48 rows: the kinds in a fixed rotation, dated in October 2026 (all in the past), alternating two districts. */
function buildRows(): { kind: Kind; cells: string[] }[] {
  const kinds: Kind[] = ['closed', 'dispatched', 'registered', 'voided', 'closed', 'unmapped-category', 'no-coordinates', 'closed',
    'closed-before-created', 'bad-date', 'multiline', 'outside-regions', 'malformed-row', 'unmapped-status', 'closed', 'registered'];
  const rows: { kind: Kind; cells: string[] }[] = [];
  for (let i = 0; i < 48; i++) {
    const kind = kinds[i % kinds.length];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const [lon, lat] = kind === 'outside-regions' ? [100.5, 25.1] : i % 2 ? TIANNING : ZHONGLOU;
    const status = { dispatched: '处置中', registered: '已立案', voided: '作废', 'unmapped-status': '神秘状态' }[kind as string] ?? '已结案';
    const created = kind === 'bad-date' ? '2026-10-32 09:00:00' : `2026-10-${day} 09:00:00`;
    const closed = kind === 'closed-before-created' ? `2026-09-${day} 10:00:00` : ['dispatched', 'registered'].includes(kind) ? '' : `2026/10/${Number(day)} 15:30`;
    const cells = [
      `A${1000 + i}`, kind === 'unmapped-category' ? '园林绿化' : '市容环境', i % 3 ? '暴露垃圾' : '乱堆物料', i % 2 ? '环卫处' : '城管队',
      i % 2 ? '巡查' : '热线', status, created, closed,
      kind === 'no-coordinates' ? '' : String(lon), kind === 'no-coordinates' ? '' : String(lat),
      kind === 'multiline' ? '路口有垃圾, "很多"\n第二行' : `案件 ${i}`,
    ];
    if (kind === 'malformed-row') cells.push('多余');
    rows.push({ kind, cells });
  }
  return rows;
}

const field = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvText = (rows: { cells: string[] }[]) => [HEADER, ...rows.map((r) => r.cells)].map((cells) => cells.map(field).join(',')).join('\n') + '\n';

/** The source line each row starts on (the header is line 1; the multi-line description takes two). */
function lines(rows: { cells: string[] }[]): number[] {
  let line = 2;
  return rows.map((r) => {
    const at = line;
    line += 1 + r.cells.join('').split('\n').length - 1;
    return at;
  });
}

for (const backend of testBackends()) {
  describe(`case import on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let imports: CaseImportService;
    let dir: string;
    const rows = buildRows();
    const rowLines = lines(rows);
    const taken = rows.filter((r) => !REJECTED.includes(r.kind));
    const expectedEvents = taken.reduce((n, r) => n + EVENTS[r.kind]!, 0);
    const counts = async () => {
      const [c] = await db.query<{ cases: number; events: number }>(
        `SELECT (SELECT count(*)::int FROM cases WHERE case_id LIKE 'czold-%') AS cases, (SELECT count(*)::int FROM case_event WHERE case_id LIKE 'czold-%') AS events`,
      );
      return c;
    };

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      dir = await mkdtemp(join(tmpdir(), 'gridlens-import-'));
      app = await createTestContext(db, { DATA_DIR: dir });
      imports = app.get(CaseImportService);
      await writeFile(join(dir, 'cases.csv'), csvText(rows));
    });

    afterAll(async () => {
      await app?.close();
      await drop?.();
      await rm(dir, { recursive: true, force: true });
    });

    it('stops when ingest fails part-way, keeping what it committed; the same file resumes after the last committed line', async () => {
      const ingest = app.get(IngestService);
      const original = ingest.ingest.bind(ingest);
      let calls = 0;
      ingest.ingest = async (events) => {
        if (++calls === 3) throw new Error('connection lost');
        return original(events);
      };
      const first = await imports.start({ filePath: join(dir, 'cases.csv'), fileName: 'cases.csv', mapping: MAPPING, startedBy: 'test', batchRows: 10 });
      const failed = await first.done;
      ingest.ingest = original;
      expect(failed).toMatchObject({ state: 'failed', error: 'connection lost', rowsRead: 20, lastLine: rowLines[19] });
      expect(failed.rowsRead).toBe(failed.rowsImported + failed.rowsRejected);

      const second = await imports.start({ filePath: join(dir, 'cases.csv'), fileName: 'cases.csv', mapping: MAPPING, startedBy: 'test', batchRows: 10 });
      expect(second.job).toMatchObject({ id: failed.id, resumed: true, lastLine: rowLines[19] });
      const done = await second.done;
      expect(done).toMatchObject({ state: 'done', rowsRead: rows.length, rowsImported: taken.length, rowsRejected: rows.length - taken.length, eventsAdded: expectedEvents, eventsDuplicate: 0 });
      const byReason = Object.fromEntries(REJECTED.map((k) => [k, rows.filter((r) => r.kind === k).length]));
      expect(done.rejectedBy).toEqual(byReason);
      expect(done.unmapped.categories).toEqual([{ value: '园林绿化 / 暴露垃圾', rows: 2 }, { value: '园林绿化 / 乱堆物料', rows: 1 }]);
      // Unmapped values are counted over the rows translated into events (ingest may still refuse some).
      const translated = (r: { kind: Kind }) => !['no-coordinates', 'bad-date', 'closed-before-created', 'malformed-row', 'unmapped-status'].includes(r.kind);
      expect(done.unmapped.departments).toEqual([{ value: '城管队', rows: rows.filter((r, i) => i % 2 === 0 && translated(r)).length }]);
      expect(await counts()).toEqual({ cases: taken.length, events: expectedEvents });

      // The rejects file: each refused row once (none repeated by the resume), with its line, reason and raw cells.
      const rejects = parse(await readFile((await imports.get(done.id))!.rejectsPath!, 'utf8'), { relax_column_count: true }) as string[][];
      expect(rejects[0]).toEqual(['line', 'code', 'reason', ...HEADER]);
      const expected = rows.map((r, i) => ({ r, line: rowLines[i] })).filter(({ r }) => REJECTED.includes(r.kind));
      expect(rejects.slice(1).map((l) => [Number(l[0]), l[1]])).toEqual(expected.map(({ r, line }) => [line, r.kind]));
      rejects.slice(1).forEach((l, i) => {
        expect(l[2].length, `reason of line ${l[0]}`).toBeGreaterThan(10);
        expect(l.slice(3)).toEqual(expected[i].r.cells);
      });
    });

    it('places the cases, with the mapping applied: categories, departments, channels, statuses and descriptions', async () => {
      const i = rows.findIndex((r) => r.kind === 'multiline');
      const [c] = await db.query<{ category: string; status: string; department: string; source: string; description: string; district: string }>(
        `SELECT category_code AS category, status, department_code AS department, source, description, district_code AS district FROM cases WHERE case_id = $1`,
        [`czold-A${1000 + i}`],
      );
      expect(c).toEqual({ category: i % 3 ? 'E0101' : 'E0505', status: 'closed', department: i % 2 ? 'D02' : 'D09', source: i % 2 ? 'inspector' : 'hotline', description: `${rows[i].cells[10]}`, district: i % 2 ? '320402' : '320404' });
      const statuses = await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM cases WHERE case_id LIKE 'czold-%' GROUP BY status ORDER BY status`);
      const want = (kinds: Kind[]) => taken.filter((r) => kinds.includes(r.kind)).length;
      expect(statuses).toEqual([
        { status: 'closed', n: want(['closed', 'unmapped-category', 'multiline']) },
        { status: 'dispatched', n: want(['dispatched']) },
        { status: 'registered', n: want(['registered']) },
        { status: 'voided', n: want(['voided']) },
      ]);
    });

    it('importing the same file again adds nothing; gzip\'d or GBK-encoded, it is the same file to the log', async () => {
      const before = await counts();
      const again = await (await imports.start({ filePath: join(dir, 'cases.csv'), fileName: 'cases.csv', mapping: MAPPING, startedBy: 'test' })).done;
      expect(again).toMatchObject({ state: 'done', resumed: false, rowsRead: rows.length, rowsImported: taken.length, eventsAdded: 0, eventsDuplicate: expectedEvents });
      await writeFile(join(dir, 'cases.csv.gz'), gzipSync(csvText(rows)));
      const gz = await (await imports.start({ filePath: join(dir, 'cases.csv.gz'), fileName: 'cases.csv.gz', mapping: MAPPING, startedBy: 'test' })).done;
      expect(gz).toMatchObject({ state: 'done', rowsRead: rows.length, rowsImported: taken.length, eventsAdded: 0 });
      await writeFile(join(dir, 'cases-gbk.csv'), iconv.encode(csvText(rows), 'gbk'));
      const gbk = await (await imports.start({ filePath: join(dir, 'cases-gbk.csv'), fileName: 'cases-gbk.csv', mapping: { ...MAPPING, csv: { encoding: 'gbk' } }, startedBy: 'test' })).done;
      expect(gbk).toMatchObject({ state: 'done', rowsRead: rows.length, rowsImported: taken.length, eventsAdded: 0, eventsDuplicate: expectedEvents });
      expect(gbk.unmapped.categories).toEqual(again.unmapped.categories);
      expect(await counts()).toEqual(before);
    });

    it('refuses to run the same file twice at once; a job a stopped process left running is failed at start and resumes', async () => {
      const ingest = app.get(IngestService);
      const original = ingest.ingest.bind(ingest);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inIngest = new Promise<void>((r) => (entered = r));
      ingest.ingest = async (events) => {
        entered();
        await held;
        return original(events);
      };
      await writeFile(join(dir, 'again.csv'), csvText(rows.slice(0, 12)));
      const request = { filePath: join(dir, 'again.csv'), fileName: 'again.csv', mapping: { ...MAPPING, source: 'czagain' }, startedBy: 'test', batchRows: 5 };
      const running = await imports.start(request);
      await inIngest;
      await expect(imports.start(request)).rejects.toThrow(/is running \(job /);
      const [row] = await db.query<{ state: string }>(`SELECT state FROM import_job WHERE id = $1`, [running.job.id]);
      expect(row.state).toBe('running');
      release();
      const finished = await running.done;
      ingest.ingest = original;
      expect(finished.state).toBe('done');
      // A process that stopped after committing five rows leaves its job running; a new process fails it at start,
      // and the same file and mapping then resume it.
      await db.query(`UPDATE import_job SET state = 'running', finished_at = NULL, last_line = $2, rows_read = 5, rows_imported = 5, rows_rejected = 0, rejected_by = '{}'::jsonb, rejects_bytes = 0 WHERE id = $1`, [running.job.id, rowLines[4]]);
      expect(await imports.failOrphans()).toBe(1);
      expect((await imports.get(running.job.id))!.state).toBe('failed');
      const resumed = await imports.start(request);
      expect(resumed.job).toMatchObject({ id: running.job.id, resumed: true, lastLine: rowLines[4] });
      expect(await resumed.done).toMatchObject({ state: 'done', rowsRead: 12 });
    });

    it('refuses a mapping whose codes the catalogue lacks, naming the field', async () => {
      const bad = { ...MAPPING, categories: { table: { x: 'E99' }, other: 'E01' }, departments: { table: {}, other: 'NOPE' } };
      const attempt = imports.start({ filePath: join(dir, 'cases.csv'), fileName: 'cases.csv', mapping: bad, startedBy: 'test' });
      await expect(attempt).rejects.toBeInstanceOf(BadRequestException);
      await expect(attempt).rejects.toThrow(/mapping\.categories\.table\["x"\]: unknown category code "E99".*mapping\.categories\.other: "E01" is a major class.*mapping\.departments\.other: unknown department code "NOPE"/);
      await expect(imports.start({ filePath: join(dir, 'cases.csv'), fileName: 'cases.csv', mapping: { ...MAPPING, source: '' }, startedBy: 'test' })).rejects.toThrow(/mapping\.source:/);
    });
  });
}
