/**
 * Ingest → wall latency (issue 6 §4, `npm run bench:wall`): the simulator drives the built server at 200 events/s
 * while headless Chromium shows /wall (city scope) at 1920×1080; for each sampled event, the time from its ingest
 * HTTP response to the wall applying a frame that counts it.
 *
 * - Server: dist/apps/server/main.js on PGlite in a temp dir (DEMO off), with a backfill of BENCH_BACKFILL_CASES
 *   cases over the last 8 days through the ingest API, so the wall's queries run over a realistic table.
 * - Load: the simulator CLI (dist/apps/sim/cli.js, `--rate BENCH_RATE` default 200, for BENCH_SECONDS default 60).
 * - Samples: every BENCH_SAMPLE_MS (default 500) one extra `reported` event of a new case, posted alone; the clock
 *   stops at its HTTP response (the event is committed and published by then). A socket.io client on /live gives
 *   each sample's seq (by eventId).
 * - The wall: a MutationObserver in the page records (data-seq, Date.now()) each time the wall root's `data-seq`
 *   changes, i.e. each applied `wall` frame (the counters re-render in the same task). A sample appears at the first
 *   frame with seq ≥ its seq. Browser and bench share the machine's clock.
 * Prints count, p50, p90, p99, max (ms) and writes them into bench/README.md between the wall-latency markers.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@gridlens/contracts';
import type { Socket } from 'socket.io-client';
import { Api } from '../test/support/e2e-harness';
import { batches, DISTRICT_ANCHORS, DISTRICT_CODES, factoryCategories, generateDataset, isoCst } from '../test/support/event-factory';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY } from '../test/support/server-process';
import { fmt, summarize } from './lib/stats';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 500);
const BACKFILL = Number(process.env.BENCH_BACKFILL_CASES ?? 3000);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const README = resolve('bench/README.md');

interface Sample {
  eventId: string;
  sentAt: number;
  respondedAt: number;
  seq?: number;
}

const log = (...args: unknown[]) => console.log(`[bench:wall ${new Date().toISOString().slice(11, 19)}]`, ...args);

async function main() {
  const server = await startServer({ env: { LOG_LEVEL: 'warn' } });
  const api = new Api(() => server.url);
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  let sim: ReturnType<typeof spawn> | null = null;
  try {
    const categories = factoryCategories(await api.categories());
    const data = generateDataset({ seed: 606, cases: BACKFILL, now: Date.now(), categories, spanHours: 8 * 24, idPrefix: 'bw' });
    for (const part of batches(data.events, 5000)) await api.ingestOk(part);
    log(`backfill: ${data.events.length} events of ${BACKFILL} cases`);

    // Seqs of the samples, by eventId, from the live stream.
    const token = await api.adminToken();
    const seqOf = new Map<string, number>();
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${server.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
    socket.on('events', (events) => {
      for (const e of events) if (e.eventId.startsWith('bench-wall-')) seqOf.set(e.eventId, e.seq);
    });
    // The same wall frames as the page gets, received in Node: the server's share (coalescing, recomputation,
    // delivery) without the browser's.
    const nodeFrames: [number, number][] = [];
    socket.on('wall', (snapshot) => nodeFrames.push([snapshot.seq, Date.now()]));
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => socket.emit('subscribe', {}, (ack) => (ack.ok ? done() : fail(new Error(ack.error)))));
      socket.once('connect_error', fail);
    });
    await new Promise<void>((done, fail) => socket.emit('watchWall', { scope: 'city' }, (ack) => (ack.ok ? done() : fail(new Error(ack.error)))));

    // The wall in Chromium, recording each applied frame's seq and time.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    await page.goto(`${server.url}/wall`);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill(TEST_ADMIN_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.locator('[data-testid="wall"][data-seq]:not([data-seq=""])').waitFor({ timeout: 120_000 });
    await page.evaluate(() => {
      const root = document.querySelector('[data-testid="wall"]') as HTMLElement;
      const frames: [number, number][] = [];
      (window as unknown as { __wallFrames: [number, number][] }).__wallFrames = frames;
      new MutationObserver(() => frames.push([Number(root.dataset.seq), Date.now()])).observe(root, { attributes: true, attributeFilter: ['data-seq'] });
    });
    if (process.env.BENCH_HIDE_MAP) await page.addStyleTag({ content: '[data-testid="wall-map"] canvas { display: none !important; }' });
    log('wall open; starting the simulator');

    sim = spawn(process.execPath, ['dist/apps/sim/cli.js', '--url', server.url, '--key', TEST_INGEST_KEY, '--rate', String(RATE), '--duration', `${SECONDS}s`, '--seed', '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let simOut = '';
    sim.stdout!.on('data', (c: Buffer) => (simOut += c.toString()));
    sim.stderr!.on('data', (c: Buffer) => (simOut += c.toString()));
    const simDone = new Promise<number>((done) => sim!.once('exit', (code) => done(code ?? -1)));

    // Samples while the simulator runs (after a 5 s warm-up).
    const samples: Sample[] = [];
    const loads: number[] = [];
    const started = Date.now();
    const categoryCodes = categories.map((c) => c.code);
    let n = 0;
    while (Date.now() - started < SECONDS * 1000 - 2000) {
      const tickAt = Date.now();
      if (tickAt - started > 5000) {
        const district = DISTRICT_CODES[n % DISTRICT_CODES.length];
        const [lon, lat] = DISTRICT_ANCHORS[district][n % 6];
        const eventId = `bench-wall-${n++}`;
        const event = { eventId, caseId: eventId, type: 'reported', at: isoCst(Date.now() - 1000), category: categoryCodes[n % categoryCodes.length], lon, lat, source: 'public' };
        const sentAt = Date.now();
        await api.ingestOk([event]);
        samples.push({ eventId, sentAt, respondedAt: Date.now() });
        if (n % 10 === 0) loads.push(loadavg()[0]);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, SAMPLE_MS - (Date.now() - tickAt))));
    }
    const simCode = await simDone;
    log(`simulator exited ${simCode}: ${/summary:.*/.exec(simOut)?.[0] ?? simOut.slice(-400)}`);

    // Every sample's seq, then the wall showing the last one (or give up after 60 s and count the rest as missing).
    const deadline = Date.now() + 60_000;
    while (samples.some((s) => !seqOf.has(s.eventId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    for (const s of samples) s.seq = seqOf.get(s.eventId);
    const lastSeq = Math.max(...samples.map((s) => s.seq ?? 0));
    await page.locator('[data-testid="wall"]').evaluate((root, seq) => new Promise<void>((done) => {
      const check = () => (Number((root as HTMLElement).dataset.seq) >= seq ? done() : setTimeout(check, 100));
      check();
    }), lastSeq).catch(() => undefined);
    const frames = await page.evaluate(() => (window as unknown as { __wallFrames: [number, number][] }).__wallFrames);

    const latencies: number[] = [];
    const serverShare: number[] = [];
    let missing = 0;
    for (const s of samples) {
      const frame = s.seq === undefined ? undefined : frames.find(([seq]) => seq >= s.seq!);
      const nodeFrame = s.seq === undefined ? undefined : nodeFrames.find(([seq]) => seq >= s.seq!);
      if (!frame) missing++;
      else latencies.push(frame[1] - s.respondedAt);
      if (nodeFrame) serverShare.push(nodeFrame[1] - s.respondedAt);
    }
    const serverStats = summarize(serverShare);
    const gaps = frames.slice(1).map(([, t], i) => t - frames[i][1]);
    const stats = summarize(latencies);
    const frameGaps = summarize(gaps);
    const simRate = /rate=([\d.]+)\/s/.exec(simOut)?.[1] ?? '?';
    const load = loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : loadavg()[0];
    const lines = [
      `ingest response → wall frame applied in Chromium: samples=${samples.length} measured=${latencies.length} missing=${missing}`,
      `  p50=${fmt(stats.p50, 0)} ms  p90=${fmt(stats.p90, 0)} ms  p99=${fmt(stats.p99, 0)} ms  max=${fmt(stats.max, 0)} ms  min=${fmt(stats.min, 0)} ms`,
      `  the same frames received by a socket.io client in Node (server's share): p50=${fmt(serverStats.p50, 0)} ms  p99=${fmt(serverStats.p99, 0)} ms`,
      `  wall frames applied: ${frames.length} (interval p50 ${fmt(frameGaps.p50, 0)} ms, p99 ${fmt(frameGaps.p99, 0)} ms)`,
      `  simulator: ${simRate} events/s accepted over ${SECONDS} s (asked ${RATE}); backfill ${BACKFILL} cases; load average ${fmt(load, 1)} on ${process.env.BENCH_MACHINE ?? 'this machine'}`,
    ];
    for (const l of lines) console.log(l);
    writeReadme(lines, stats.p50, stats.p99);
    socket.disconnect();
  } finally {
    sim?.kill('SIGINT');
    await browser?.close();
    await server.stop();
  }
}

/** Replace the block between the markers in bench/README.md with this run's figures. */
function writeReadme(lines: string[], p50: number, p99: number) {
  const begin = '<!-- wall-latency:begin -->';
  const end = '<!-- wall-latency:end -->';
  const text = readFileSync(README, 'utf8');
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return log('bench/README.md has no wall-latency markers: figures printed only');
  const block = [
    begin,
    `Last run ${new Date().toISOString().slice(0, 16)}Z: **p50 ${fmt(p50, 0)} ms, p99 ${fmt(p99, 0)} ms**.`,
    '',
    '```',
    ...lines,
    '```',
    end,
  ].join('\n');
  writeFileSync(README, text.slice(0, i) + block + text.slice(j + end.length));
  log('figures written to bench/README.md');
}

await main();
