import { readFileSync } from 'node:fs';

/**
 * The kernel's start time of a process (clock ticks since boot, field 22 of /proc/PID/stat), or
 * undefined if it is gone. A PID plus its start time names one process for good: a recorded PID that
 * has since been reused by an unrelated process will not match, so cleanup never kills a stranger.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces; count after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = rest[0];
    if (state === 'Z' || state === 'X') return undefined; // exited, waiting to be reaped
    return rest[19];
  } catch {
    return undefined;
  }
}

/** Whether the process recorded as (pid, start) is still running. */
export function isSameProcessAlive(pid: number, start: string): boolean {
  return processStartTime(pid) === start;
}
