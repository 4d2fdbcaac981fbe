// Peak resident memory of a process during a phase: the kernel's high-water mark (VmHWM, reset at
// the start of the phase through /proc/<pid>/clear_refs where permitted) and, as a cross-check
// that needs no permission, VmRSS sampled every 50 ms.
import { readFileSync, writeFileSync } from 'node:fs';

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface RssPeak {
  readonly peakMb: number | null;
  /** VmHWM since the reset (null when the reset was not permitted: then it is the process's lifetime peak). */
  readonly hwmMb: number | null;
  readonly sampledMaxMb: number | null;
  readonly samples: number;
}

export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private max = 0;
  private samples = 0;
  private resetOk = false;

  /** resetHwm false: only sample (for a run inside a phase whose high-water mark must not be reset). */
  constructor(
    private readonly pid: number,
    private readonly resetHwm = true,
  ) {}

  start(): void {
    if (this.resetHwm) try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5'); // 5 = reset the peak RSS (VmHWM) to the current RSS
      this.resetOk = true;
    } catch {
      this.resetOk = false;
    }
    else this.resetOk = false;
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
  }

  private sample(): void {
    const kb = statusKb(this.pid, 'VmRSS');
    if (kb !== null) {
      this.max = Math.max(this.max, kb);
      this.samples += 1;
    }
  }

  stop(): RssPeak {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const hwm = this.resetOk ? statusKb(this.pid, 'VmHWM') : null;
    const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
    const sampled = this.samples > 0 ? mb(this.max) : null;
    const hwmMb = hwm === null ? null : mb(hwm);
    return { peakMb: hwmMb ?? sampled, hwmMb, sampledMaxMb: sampled, samples: this.samples };
  }
}
