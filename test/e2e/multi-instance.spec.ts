import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveEvent, ServerToClientEvents, SubscribeAck } from '@gridlens/contracts';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY, type ServerProcess } from '../support/server-process';
import { createScratchDatabase, postgresSuitesEnabled } from '../support/test-databases';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two instances on one database behind (imaginary) load balancing, the stream crossing them through Redis:
// a client on instance B sees, in order and exactly once, what was ingested through instance A, without
// waiting for anything to happen on B.
describe.runIf(postgresSuitesEnabled())('two instances with REDIS_URL on postgres', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    a = await startServer({ databaseUrl: scratch.url, env: { REDIS_URL } });
    b = await startServer({ databaseUrl: scratch.url, env: { REDIS_URL } });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await scratch?.drop();
  });

  it('streams events ingested on one instance to clients of the other', async () => {
    // A token from instance A works on instance B: the signing key is shared through the database.
    const login = await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${b.url}/live`, { auth: { token }, transports: ['websocket'], forceNew: true });
    const received: LiveEvent[] = [];
    let notify = () => undefined as void;
    socket.on('events', (events) => {
      received.push(...events);
      notify();
    });
    const ack = await new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', {}, resolve));
    expect(ack).toEqual({ ok: true, seq: 0 });

    const at = new Date(Date.now() - 60_000).toISOString();
    const events = Array.from({ length: 300 }, (_, i) => ({
      eventId: `m${i}`, caseId: `m${i}`, type: 'reported', at, category: 'E0505', lon: 119.97 + (i % 10) * 0.001, lat: 31.78, source: 'public',
    }));
    for (const batch of [events.slice(0, 100), events.slice(100, 200), events.slice(200)]) {
      const res = await fetch(`${a.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: batch }),
      });
      expect(((await res.json()) as { accepted: number }).accepted).toBe(100);
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${received.length} of 300 events on instance B`)), 20_000);
      notify = () => {
        if (received.length >= 300) {
          clearTimeout(timer);
          resolve();
        }
      };
      notify();
    });
    socket.disconnect();
    expect(received.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(received.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });
});
