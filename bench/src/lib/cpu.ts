import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

/** Kernel clock ticks per second (utime and stime are counted in these). */
export const CLK_TCK = clockTicks();

/** utime + stime of one process (every thread: GC, libuv pool), in microseconds. */
function ownCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1e6) / CLK_TCK;
}

/** The live child processes of a process (Linux 3.5+: /proc/<pid>/task/<tid>/children). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU time (user + system) the process and its live descendants have used so far, in
 * microseconds (the BFF's WAL checkpoints run in a child process and count as its work).
 * Resolution is 1/CLK_TCK s.
 */
export function cpuMicros(pid: number): number {
  let total = ownCpuMicros(pid);
  for (const child of childrenOf(pid)) {
    try {
      total += cpuMicros(child);
    } catch {
      // Ended between listing and reading.
    }
  }
  return total;
}

/**
 * CPU time (user + system) used so far by every process on this machine whose command name is
 * `name` (say the `postgres` server and its backends), in microseconds.
 */
export function cpuMicrosOfCommand(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) {
        total += ownCpuMicros(Number(entry));
      }
    } catch {
      // Ended between listing and reading.
    }
  }
  return total;
}

/** The command line of a process (to check that the pid is the node server itself). */
export const commandOf = (pid: number) =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');

/** Busy and total jiffies of every core (`cpu0`, `cpu1`, …) from /proc/stat. */
export function coreTimes(): Map<string, { busy: number; total: number }> {
  const times = new Map<string, { busy: number; total: number }>();
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
    const fields = match[2]!.trim().split(/\s+/).slice(0, 8).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    times.set(match[1]!, { busy: total - fields[3]! - fields[4]!, total });
  }
  return times;
}

/** How busy each core was between two `coreTimes()` readings (0–1), by core number. */
export function coreBusy(
  before: ReturnType<typeof coreTimes>,
  after: ReturnType<typeof coreTimes>,
): Record<string, number> {
  const busy: Record<string, number> = {};
  for (const [core, end] of after) {
    const start = before.get(core);
    if (!start || end.total <= start.total) continue;
    busy[core] = (end.busy - start.busy) / (end.total - start.total);
  }
  return busy;
}
