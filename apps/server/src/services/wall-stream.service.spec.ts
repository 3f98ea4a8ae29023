import { describe, expect, it } from 'vitest';
import type { DepartmentView, LiveEvent, WallSnapshot } from '@gridlens/contracts';
import type { DepartmentViewService } from './department-view.service';
import { LiveBus } from './live-bus.service';
import type { WallService } from './wall.service';
import { WallStreamService, type WallWatcher } from './wall-stream.service';

/** A stream over fake services: each computation is recorded with the scope it was for. */
function setup() {
  const computed: string[] = [];
  const wall = {
    resolveScope: async (scope: string) => {
      if (scope !== 'city' && scope !== '320402' && scope !== '320404') throw new Error(`scope: expected "city" or a district code, not "${scope}"`);
      return scope === 'city' ? null : scope;
    },
    snapshot: async (scope: string) => {
      computed.push(scope);
      return { scope: { code: scope }, seq: computed.length } as unknown as WallSnapshot;
    },
  } as unknown as WallService;
  const departments = {
    exists: async (code: string) => code === 'D10',
    view: async (code: string) => {
      computed.push(`department:${code}`);
      return { department: { code } } as unknown as DepartmentView;
    },
  } as unknown as DepartmentViewService;
  const bus = new LiveBus();
  const stream = new WallStreamService(bus, wall, departments);
  // As onModuleInit wires it, without its interval timer: the test calls tick(now) itself.
  bus.subscribe((events) => stream.noteEvents(events));
  const watcher = (id: string) => {
    const frames: unknown[] = [];
    const w: WallWatcher = { id, sendWall: (s) => frames.push(s), sendDepartmentView: (v) => frames.push(v) };
    return { w, frames };
  };
  const event = (district: string) => ({ seq: 1, regions: { district } }) as unknown as LiveEvent;
  return { stream, bus, computed, watcher, event };
}

describe('WallStreamService', () => {
  it('computes a new watcher at once, then at most once per 500 ms while events keep coming, and every 30 s without', async () => {
    const { stream, bus, computed, watcher, event } = setup();
    const a = watcher('a');
    await stream.watch(a.w, 'city');
    await stream.tick(1_000);
    expect(computed).toEqual(['city']);
    for (let t = 1_000; t < 2_000; t += 100) {
      bus.publish([event('320402')]);
      await stream.tick(t);
    }
    // 1,000 → 1,500: the next computation, none between.
    expect(computed).toEqual(['city', 'city']);
    await stream.tick(2_000);
    expect(computed).toHaveLength(3);
    await stream.tick(20_000); // no events since: nothing
    expect(computed).toHaveLength(3);
    await stream.tick(32_000); // the 30 s refresh
    expect(computed).toHaveLength(4);
    expect(a.frames).toHaveLength(4);
  });

  it('a district wall moves with its own district only; one computation serves every watcher of a scope', async () => {
    const { stream, bus, computed, watcher, event } = setup();
    const [a, b] = [watcher('a'), watcher('b')];
    await stream.watch(a.w, '320404');
    await stream.watch(b.w, '320404');
    await stream.tick(1_000);
    expect(computed).toEqual(['320404']);
    expect([a.frames.length, b.frames.length]).toEqual([1, 1]);
    bus.publish([event('320402')]);
    await stream.tick(2_000);
    expect(computed).toEqual(['320404']);
    bus.publish([event('320404')]);
    await stream.tick(3_000);
    expect(computed).toEqual(['320404', '320404']);
    expect([a.frames.length, b.frames.length]).toEqual([2, 2]);
  });

  it('replaces a watch, stops with null or on disconnect, and refuses unknown scopes', async () => {
    const { stream, bus, computed, watcher, event } = setup();
    const a = watcher('a');
    await stream.watch(a.w, 'department:D10');
    await stream.tick(1_000);
    await stream.watch(a.w, 'city');
    await stream.tick(1_100);
    expect(computed).toEqual(['department:D10', 'city']);
    await stream.watch(a.w, null);
    bus.publish([event('320402')]);
    await stream.tick(60_000);
    expect(computed).toHaveLength(2);
    await stream.watch(a.w, 'city');
    stream.remove('a');
    await stream.tick(120_000);
    expect(computed).toHaveLength(2);
    await expect(stream.watch(a.w, 'department:D99')).rejects.toThrow(/D99/);
    await expect(stream.watch(a.w, 'nowhere')).rejects.toThrow(/scope/);
  });
});
