import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

// A plain `SELECT 1` with a deadline: the database answers, or readiness is down.
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async ping(timeoutMs = 2_000) {
    const check = this.health.check('database');
    const started = Date.now();
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return check.up({ responseTimeMs: Date.now() - started });
    } catch {
      return check.down({ message: 'database unreachable' });
    }
  }
}
