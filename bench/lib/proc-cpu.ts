import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the processes in a run, read from /proc (Linux): who burnt the machine's 2 cores during a
 * phase. Groups: this process, the server (our child running dist/apps/server/main.js), the PostgreSQL
 * backends of the scratch database, PostgreSQL's shared background processes, and the whole machine.
 * A process that exits between two snapshots loses its share (PostgreSQL backends live as long as the
 * server's pool keeps them, which covers a phase).
 */
export type CpuGroup = 'bench' | 'server' | 'postgresDb' | 'postgresBackground' | 'other';

export interface CpuSnapshot {
  at: number;
  perPid: Map<number, { group: CpuGroup; ticks: number }>;
  machineBusy: number;
  machineTotal: number;
}

export interface CpuUsage {
  wallMs: number;
  /** CPU seconds per group. */
  seconds: Record<CpuGroup, number>;
  /** Whole machine: busy fraction of all cores, and the cores' count. */
  machineBusyFraction: number;
  cores: number;
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

export function cpuSnapshot(databaseName: string): CpuSnapshot | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const perPid = new Map<number, { group: CpuGroup; ticks: number }>();
  for (const name of pids) {
    const pid = Number(name);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      perPid.set(pid, { group: groupOf(pid, ppid, cmdline, databaseName), ticks });
    } catch {
      // the process exited meanwhile
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { at: performance.now(), perPid, machineBusy: total - idle, machineTotal: total };
}

function groupOf(pid: number, ppid: number, cmdline: string, databaseName: string): CpuGroup {
  if (pid === process.pid) return 'bench';
  if (ppid === process.pid && cmdline.includes('dist/apps/server/main.js')) return 'server';
  if (cmdline.startsWith('postgres: ')) return cmdline.includes(` ${databaseName} `) ? 'postgresDb' : 'postgresBackground';
  return 'other';
}

export function cpuBetween(a: CpuSnapshot | null, b: CpuSnapshot | null, cores: number): CpuUsage | null {
  if (!a || !b) return null;
  const seconds: Record<CpuGroup, number> = { bench: 0, server: 0, postgresDb: 0, postgresBackground: 0, other: 0 };
  for (const [pid, after] of b.perPid) {
    const before = a.perPid.get(pid)?.ticks ?? 0;
    seconds[after.group] += Math.max(0, after.ticks - before) / TICKS_PER_SECOND;
  }
  for (const key of Object.keys(seconds) as CpuGroup[]) seconds[key] = Math.round(seconds[key] * 100) / 100;
  const total = b.machineTotal - a.machineTotal;
  return {
    wallMs: b.at - a.at,
    seconds,
    machineBusyFraction: total > 0 ? (b.machineBusy - a.machineBusy) / total : Number.NaN,
    cores,
  };
}
