import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

/**
 * A summary of a V8 .cpuprofile of the server: where its one JavaScript thread spent the window,
 * by part of the ingest path. Frames of the bundled dist/apps/server/main.js are mapped back to their
 * source files through its source map; node_modules frames carry their own file names.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  windowMs: number;
  /** ms per part, most first; "idle" is the thread waiting (for PostgreSQL, the network, timers). */
  parts: { part: string; ms: number; share: number }[];
  /** Functions by self time. */
  topSelf: { fn: string; file: string; ms: number; share: number }[];
}

/** The parts, tried from the innermost frame outwards: the first rule matching a frame names the sample. */
const RULES: { part: string; test: (file: string, fn: string) => boolean }[] = [
  { part: 'GC', test: (_f, fn) => fn === '(garbage collector)' },
  { part: 'idle (waiting on PostgreSQL / network / timers)', test: (_f, fn) => fn === '(idle)' },
  { part: 'HTTP body: read + JSON.parse', test: (f) => /node_modules\/(body-parser|raw-body|iconv-lite)\//.test(f) },
  { part: 'zod validation (parseIngestEvent)', test: (f) => /node_modules\/zod\/|libs\/contracts\//.test(f) },
  { part: 'workflow applyEvent', test: (f) => f.includes('libs/workflow/') },
  { part: 'deadline (work-clock, calendar)', test: (f) => /libs\/work-clock\/|node_modules\/chinese-days\/|services\/clock\.service/.test(f) },
  { part: 'datum conversion (geo)', test: (f) => /libs\/geo\/|node_modules\/gcoord\//.test(f) },
  { part: 'placement query (params + rows)', test: (f) => f.includes('repositories/region.repository') },
  { part: 'event log: build rows + JSON param', test: (f) => f.includes('repositories/event-log.repository') },
  { part: 'cases: load rows / build rows + JSON param', test: (f) => f.includes('repositories/case.repository') },
  { part: 'catalogue / rejected lookups', test: (f) => /repositories\/(catalogue|rejected-event)\.repository|services\/catalogue\.service/.test(f) },
  { part: 'live stream (frames, socket.io emit)', test: (f) => /services\/live-(stream|bus)\.service|gateways\/|node_modules\/(socket\.io|socket\.io-parser|socket\.io-adapter|engine\.io|engine\.io-parser|ws)\//.test(f) },
  { part: 'KPI frames', test: (f) => /services\/kpi\.service|repositories\/kpi\.repository|node_modules\/luxon\//.test(f) },
  { part: 'ingest service (orchestration)', test: (f) => f.includes('services/ingest.service') },
  { part: 'pg driver (protocol, row parsing)', test: (f) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-array|postgres-date|pgpass)\//.test(f) },
  { part: 'HTTP framework (express, Nest)', test: (f) => /node_modules\/(express|router|@nestjs|finalhandler|send|on-finished|type-is|content-type)\/|controllers\//.test(f) },
  { part: 'node core (net, streams, timers)', test: (f) => f.startsWith('node:') },
  { part: 'V8 (program)', test: (_f, fn) => fn === '(program)' },
];

export function summarizeProfile(path: string, serverBundle: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const map = loadSourceMap(serverBundle);
  const bundleUrl = new URL(`file://${serverBundle}`).href;

  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const fileOf = new Map<number, string>();
  const file = (node: ProfileNode): string => {
    let f = fileOf.get(node.id);
    if (f !== undefined) return f;
    const { url, lineNumber, columnNumber } = node.callFrame;
    f = url;
    if (url === bundleUrl && map && lineNumber >= 0) {
      const entry = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
      if (entry.originalSource) f = entry.originalSource;
    }
    f = f.replace(/^file:\/\//, '');
    fileOf.set(node.id, f);
    return f;
  };

  const partOfNode = new Map<number, string>();
  const partOf = (id: number): string => {
    const known = partOfNode.get(id);
    if (known) return known;
    let part = 'other';
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      const rule = RULES.find((r) => r.test(file(node), node.callFrame.functionName));
      if (rule) {
        part = rule.part;
        break;
      }
    }
    partOfNode.set(id, part);
    return part;
  };

  const partMs = new Map<string, number>();
  const selfMs = new Map<number, number>();
  let total = 0;
  for (let k = 0; k < profile.samples.length; k++) {
    // timeDeltas[k] is the time before sample k; attribute the interval after a sample to it.
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    const id = profile.samples[k];
    total += dt;
    partMs.set(partOf(id), (partMs.get(partOf(id)) ?? 0) + dt);
    selfMs.set(id, (selfMs.get(id) ?? 0) + dt);
  }

  const selfByFn = new Map<string, { fn: string; file: string; ms: number }>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const f = shortFile(file(node));
    const key = `${node.callFrame.functionName}|${f}`;
    const entry = selfByFn.get(key) ?? { fn: node.callFrame.functionName || '(anonymous)', file: f, ms: 0 };
    entry.ms += ms;
    selfByFn.set(key, entry);
  }
  const share = (ms: number) => (total > 0 ? ms / total : 0);
  return {
    windowMs: total,
    parts: [...partMs].map(([part, ms]) => ({ part, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    topSelf: [...selfByFn.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 25)
      .map((e) => ({ ...e, share: share(e.ms) })),
  };
}

function shortFile(f: string): string {
  const nm = f.lastIndexOf('node_modules/');
  if (nm >= 0) return f.slice(nm + 'node_modules/'.length);
  return f.replace(/^.*?\/(apps|libs)\//, '$1/').replace(/^(\.\.\/)+/, '');
}

function loadSourceMap(bundle: string): SourceMap | null {
  const mapFile = `${bundle}.map`;
  if (!existsSync(mapFile)) return null;
  return new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
}
