import { Injectable } from '@nestjs/common';

/**
 * Reports that read the registry's records (a noisy report, or an exact one not yet computed for
 * this snapshot) hold a few hundred MB and a database connection for seconds. One at a time per
 * API process keeps memory bounded and leaves the pool to submissions; waiting costs no connection.
 */
export const REPORT_SCANS_AT_ONCE = 1;

@Injectable()
export class ReportScanGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= REPORT_SCANS_AT_ONCE) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over directly
      else this.running--;
    }
  }
}
