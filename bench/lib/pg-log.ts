import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Statement timings from PostgreSQL's own log: in profiling mode the scratch database gets
 * `log_min_duration_statement = 0` (and `log_parameter_max_length = 0`, so 2 MB JSON parameters are not
 * logged), and this reads back the `duration:` lines of that database within a time window.
 * Needs the default `log_line_prefix` shape `%m [%p] %q%u@%d ` and a readable log file.
 */

export interface StatementStat {
  label: string;
  phase: string;
  count: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
}

const ENTRY = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\w+) \[(\d+)\] (\S*)@(\S*) LOG: {2}duration: ([\d.]+) ms {2}(parse|bind|execute|statement)[^:]*: ([\s\S]*)$/;
const LINE_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

export function logSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

export function readLogFrom(path: string, offset: number): string {
  const size = statSync(path).size;
  if (size <= offset) return '';
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

interface LogEntry {
  at: number;
  pid: number;
  ms: number;
  phase: string;
  label: string;
}

function entriesOf(logText: string, database: string, fromMs: number, toMs: number): LogEntry[] {
  const raw: string[] = [];
  for (const line of logText.split('\n')) {
    if (LINE_START.test(line)) raw.push(line);
    else if (raw.length) raw[raw.length - 1] += `\n${line}`;
  }
  const out: LogEntry[] = [];
  for (const entry of raw) {
    const m = ENTRY.exec(entry);
    if (!m || m[5] !== database) continue;
    const at = Date.parse(`${m[1].replace(' ', 'T')}${m[2] === 'UTC' ? 'Z' : ''}`);
    if (Number.isFinite(at) && (at < fromMs || at > toMs)) continue;
    out.push({ at, pid: Number(m[3]), ms: Number(m[6]), phase: m[7], label: labelOf(m[8]) });
  }
  return out;
}

/** Statement durations of `database` between fromMs and toMs (epoch ms), grouped by phase and statement. */
export function statementStats(logText: string, database: string, fromMs: number, toMs: number): StatementStat[] {
  const groups = new Map<string, StatementStat>();
  for (const { ms, phase, label } of entriesOf(logText, database, fromMs, toMs)) {
    const key = `${phase}|${label}`;
    const g = groups.get(key) ?? { label, phase, count: 0, totalMs: 0, meanMs: 0, maxMs: 0 };
    g.count += 1;
    g.totalMs += ms;
    g.maxMs = Math.max(g.maxMs, ms);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, totalMs: Math.round(g.totalMs), meanMs: Math.round((g.totalMs / g.count) * 10) / 10, maxMs: Math.round(g.maxMs * 10) / 10 }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

export interface TransactionTimeline {
  transactions: number;
  /** Per ingest transaction, mean ms: from the seq counter's lock being granted to COMMIT's end (the serial section). */
  lockedMs: number;
  /** …of which PostgreSQL executed statements (parse + bind + execute + COMMIT). */
  sqlMs: number;
  /** …and the rest: the server between statements (JavaScript, driver, loopback). */
  betweenStatementsMs: number;
  /** Mean ms per transaction of each statement inside the locked section. */
  perStatementMs: Record<string, number>;
}

/**
 * The serial section of ingest: every ingest transaction holds the seq counter's row lock from
 * `SELECT … FOR UPDATE` to COMMIT, so batches cannot overlap there, and its length bounds throughput.
 * Log timestamps are statement ends (ms), so the section starts at the lock statement's end.
 */
export function ingestTransactions(logText: string, database: string, fromMs: number, toMs: number): TransactionTimeline | null {
  const open = new Map<number, { start: number; sql: number; per: Map<string, number> }>();
  const done: { locked: number; sql: number; per: Map<string, number> }[] = [];
  for (const e of entriesOf(logText, database, fromMs, toMs)) {
    if (e.label.startsWith('lock seq counter')) {
      open.set(e.pid, { start: e.at, sql: 0, per: new Map() });
      continue;
    }
    const tx = open.get(e.pid);
    if (!tx) continue;
    tx.sql += e.ms;
    const key = e.label === 'COMMIT' ? 'COMMIT' : e.label;
    tx.per.set(key, (tx.per.get(key) ?? 0) + e.ms);
    if (e.label === 'COMMIT' || e.label === 'ROLLBACK') {
      done.push({ locked: e.at - tx.start, sql: tx.sql, per: tx.per });
      open.delete(e.pid);
    }
  }
  if (done.length === 0) return null;
  const mean = (f: (t: (typeof done)[number]) => number) => Math.round((done.reduce((a, t) => a + f(t), 0) / done.length) * 10) / 10;
  const labels = new Set(done.flatMap((t) => [...t.per.keys()]));
  const perStatementMs: Record<string, number> = {};
  for (const label of labels) perStatementMs[label] = mean((t) => t.per.get(label) ?? 0);
  const lockedMs = mean((t) => t.locked);
  const sqlMs = mean((t) => t.sql);
  return { transactions: done.length, lockedMs, sqlMs, betweenStatementsMs: Math.round((lockedMs - sqlMs) * 10) / 10, perStatementMs };
}

/** Known statements of the ingest path and the live stream get a name; others their first words. */
const LABELS: [RegExp, string][] = [
  [/FROM unnest\(\$1::float8\[\], \$2::float8\[\]\) WITH ORDINALITY/, 'placement (point in region_piece)'],
  [/FROM event_counter WHERE id = 1 FOR UPDATE/, 'lock seq counter (waits for the previous batch)'],
  [/SELECT event_id FROM case_event WHERE event_id = ANY/, 'dedupe: existing event ids'],
  [/FROM cases WHERE case_id = ANY/, 'load cases'],
  [/^INSERT INTO case_event/, 'append case_event (json_to_recordset)'],
  [/^INSERT INTO cases/, 'upsert cases (json_to_recordset)'],
  [/^INSERT INTO rejected_event/, 'insert rejected_event'],
  [/^UPDATE event_counter/, 'set seq counter'],
  [/FROM case_event\s+WHERE seq > \$1/, 'live: read event log range'],
  [/SELECT last_seq FROM event_counter WHERE id = 1$/, 'live: head seq'],
  [/^COPY bench_raw/, 'raw COPY'],
];

function labelOf(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  for (const [re, label] of LABELS) if (re.test(text)) return label;
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}
