// CPU time a server spends per request, read from /proc around a load run: the server process
// (user + system) and the PostgreSQL backends serving its database (every client backend of that
// database; autovacuum, the server's own processes and other databases excluded). Where /proc is
// not readable, or PostgreSQL runs on another machine, the figures are null: nothing is guessed.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processSeconds(pid: number): number | null {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th there.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds of every client backend of the database, by pid (backends come and go). */
function backendSeconds(dbName: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const p of pids) {
    try {
      // `postgres: [<cluster name>: ]<user> <database> <client> <state>`
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0+$/, '');
      if (!cmd.startsWith('postgres: ')) continue;
      const words = cmd.slice('postgres: '.length).split(' ');
      if (words[0]?.endsWith(':')) words.shift();
      if (words[1] !== dbName) continue;
      const s = processSeconds(Number(p));
      if (s !== null) out.set(Number(p), s);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat's first line. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = f.slice(0, 8).reduce((a, x) => a + x, 0);
    return { busy: total - f[3]! - f[4]!, total };
  } catch {
    return null;
  }
}

export interface CpuPerRequest {
  /** Milliseconds of the server process's CPU per successful request. */
  readonly serverMs: number | null;
  /** Milliseconds of its PostgreSQL backends' CPU per successful request. */
  readonly postgresMs: number | null;
  /** Share of the machine's CPU time (all cores) that was busy during the run, 0–1. */
  readonly machineBusy: number | null;
}

export class CpuMeter {
  private server: number | null = null;
  private backends = new Map<number, number>();
  private machine: { busy: number; total: number } | null = null;

  constructor(
    private readonly pid: number | undefined,
    private readonly dbName: string,
  ) {}

  start(): void {
    this.server = this.pid === undefined ? null : processSeconds(this.pid);
    this.backends = backendSeconds(this.dbName);
    this.machine = machineTicks();
  }

  stop(requests: number): CpuPerRequest {
    const server = this.pid === undefined ? null : processSeconds(this.pid);
    const machine = machineTicks();
    const before = this.machine;
    const machineBusy = machine && before && machine.total > before.total
      ? Math.round(((machine.busy - before.busy) / (machine.total - before.total)) * 1000) / 1000 : null;
    const now = backendSeconds(this.dbName);
    let pgSeconds = 0;
    // A backend that started during the run counts from zero; one that ended is missed (the pools
    // keep theirs open for 30 s, longer than a run).
    for (const [pid, s] of now) pgSeconds += s - (this.backends.get(pid) ?? 0);
    const per = (seconds: number) => (requests > 0 ? Math.round((seconds * 1000 * 1000) / requests) / 1000 : null);
    return {
      serverMs: server === null || this.server === null ? null : per(server - this.server),
      postgresMs: now.size === 0 ? null : per(pgSeconds),
      machineBusy,
    };
  }
}
