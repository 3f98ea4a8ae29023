import { describe, expect, it } from 'vitest';
import type { LiveEvent, WallSnapshot } from '@gridlens/contracts';
import { WallStreamController, watchScope, type WallSocketPort, type WallStreamHooks } from './wall-stream-controller';

type Listener = (...args: never[]) => void;

class FakeSocket implements WallSocketPort {
  active = true;
  connected = false;
  readonly listeners = new Map<string, Listener>();
  readonly sent: { event: string; request: Record<string, unknown>; ack: (r: unknown) => void }[] = [];
  on(event: string, listener: Listener) {
    this.listeners.set(event, listener);
    return this;
  }
  emit(event: string, request: object, ack: (r: never) => void) {
    this.sent.push({ event, request: request as Record<string, unknown>, ack: ack as (r: unknown) => void });
    return this;
  }
  connect() {
    this.connected = true;
    this.fire('connect');
  }
  disconnect() {
    this.connected = false;
  }
  fire(event: string, ...args: unknown[]) {
    (this.listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  }
}

function recorder() {
  const log = { status: [] as string[], walls: [] as WallSnapshot[], events: [] as LiveEvent[], errors: [] as (string | null)[], replayedTo: [] as number[] };
  const hooks: WallStreamHooks = {
    onStatus: (s) => log.status.push(s),
    onWall: (w) => log.walls.push(w),
    onDepartment: () => undefined,
    onEvents: (e, replayedTo) => {
      log.events.push(...e);
      log.replayedTo.push(replayedTo);
    },
    onAlerts: () => undefined,
    onError: (m) => log.errors.push(m),
    onUnauthorized: () => log.status.push('unauthorized'),
  };
  return { log, hooks };
}

const wall = (seq: number, kind: 'city' | 'district', code: string) => ({ seq, scope: { kind, code, name: { zh: '', en: '' } } }) as WallSnapshot;
const ev = (seq: number) => ({ seq, eventId: `e${seq}` }) as LiveEvent;

describe('the wall stream controller', () => {
  it('watches the scope and subscribes to its region on connect', () => {
    const socket = new FakeSocket();
    const { log, hooks } = recorder();
    new WallStreamController(socket, hooks, { kind: 'district', code: '320402' }).start();
    expect(log.status).toEqual(['connecting', 'connected']);
    expect(socket.sent.map((s) => [s.event, s.request])).toEqual([
      ['watchWall', { scope: '320402' }],
      ['subscribe', { region: '320402' }],
    ]);
  });

  it('drops frames of another scope and older frames; after a scope change only the new scope passes', () => {
    const socket = new FakeSocket();
    const { log, hooks } = recorder();
    const c = new WallStreamController(socket, hooks, { kind: 'city' });
    c.start();
    socket.fire('wall', wall(10, 'city', '320400'));
    socket.fire('wall', wall(9, 'city', '320400'));
    socket.fire('wall', wall(11, 'district', '320402'));
    expect(log.walls.map((w) => w.seq)).toEqual([10]);
    c.setScope({ kind: 'district', code: '320402' });
    expect(socket.sent.slice(2).map((s) => [s.event, s.request])).toEqual([
      ['watchWall', { scope: '320402' }],
      ['subscribe', { region: '320402' }],
    ]);
    socket.fire('wall', wall(12, 'city', '320400'));
    socket.fire('wall', wall(5, 'district', '320402'));
    expect(log.walls.map((w) => w.seq)).toEqual([10, 5]);
  });

  it('passes each event once and resumes after the last one on reconnect', () => {
    const socket = new FakeSocket();
    const { log, hooks } = recorder();
    new WallStreamController(socket, hooks, { kind: 'city' }).start();
    socket.sent[1].ack({ ok: true, seq: 100 });
    socket.fire('events', [ev(100), ev(101), ev(102)]);
    socket.fire('events', [ev(102), ev(103)]);
    expect(log.events.map((e) => e.seq)).toEqual([101, 102, 103]);
    socket.fire('disconnect', 'transport close');
    expect(log.status.at(-1)).toBe('reconnecting');
    socket.fire('connect');
    expect(socket.sent.at(-1)?.request).toEqual({ since: 103 });
  });

  it('reports a refused watch, ignores answers of a superseded one, and does not subscribe for a department', () => {
    const socket = new FakeSocket();
    const { log, hooks } = recorder();
    const c = new WallStreamController(socket, hooks, { kind: 'department', code: 'D01' });
    c.start();
    expect(socket.sent.map((s) => [s.event, s.request])).toEqual([['watchWall', { scope: 'department:D01' }]]);
    c.setScope({ kind: 'city' });
    socket.sent[0].ack({ ok: false, error: 'old' });
    socket.sent[1].ack({ ok: false, error: 'scope: expected "city" or a district code' });
    expect(log.errors).toEqual(['scope: expected "city" or a district code']);
  });

  it('opens a new stream `backlog` seqs back and says which events are replayed', () => {
    const socket = new FakeSocket();
    const { log, hooks } = recorder();
    new WallStreamController(socket, hooks, { kind: 'city' }, 50).start();
    socket.sent[1].ack({ ok: true, seq: 120 });
    expect(socket.sent[2]).toMatchObject({ event: 'subscribe', request: { since: 70 } });
    socket.sent[2].ack({ ok: true, seq: 120 });
    expect(socket.sent).toHaveLength(3);
    socket.fire('events', [ev(71), ev(120), ev(121)]);
    expect(log.events.map((e) => e.seq)).toEqual([71, 120, 121]);
    expect(log.replayedTo).toEqual([120]);
  });

  it('names scopes as the server takes them', () => {
    expect(watchScope({ kind: 'city' })).toBe('city');
    expect(watchScope({ kind: 'district', code: '320402' })).toBe('320402');
    expect(watchScope({ kind: 'department', code: 'D01' })).toBe('department:D01');
  });
});
