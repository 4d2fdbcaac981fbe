import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { notFound } from '../common/app-error.js';
import { Db } from '../database/db.service.js';
import { InstrumentVersion } from './instrument-version.entity.js';

// Published versions never change (a trigger forbids it), so they are cached for the process's life.
@Injectable()
export class InstrumentsService {
  private readonly byId = new Map<string, InstrumentVersion>();

  constructor(private readonly db: Db) {}

  async get(id: string, m?: EntityManager): Promise<InstrumentVersion> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = await (m ?? this.db.dataSource.manager).findOneBy(InstrumentVersion, { id });
    if (!row) throw notFound('Instrument version');
    this.byId.set(id, row);
    return row;
  }

  async list(): Promise<InstrumentVersion[]> {
    const rows = await this.db.dataSource.manager.find(InstrumentVersion, { order: { key: 'ASC', version: 'ASC' } });
    for (const r of rows) this.byId.set(r.id, r);
    return rows;
  }
}
