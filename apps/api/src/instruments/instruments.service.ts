import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { notFound } from '../common/app-error.js';
import { Db } from '../database/db.service.js';
import { InstrumentVersion } from './instrument-version.entity.js';

const SYSTEM = { clinicId: null, role: 'SYSTEM' } as const;

// Published versions never change (a trigger forbids it), so they are cached for the process's life.
@Injectable()
export class InstrumentsService {
  private readonly byId = new Map<string, InstrumentVersion>();

  constructor(private readonly db: Db) {}

  async get(id: string, m?: EntityManager): Promise<InstrumentVersion> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = m ? await m.findOneBy(InstrumentVersion, { id }) : await this.db.tx(SYSTEM, (tx) => tx.findOneBy(InstrumentVersion, { id }));
    if (!row) throw notFound('Instrument version');
    this.byId.set(id, row);
    return row;
  }

  async list(): Promise<InstrumentVersion[]> {
    const rows = await this.db.tx(SYSTEM, (m) => m.find(InstrumentVersion, { order: { key: 'ASC', version: 'ASC' } }));
    for (const r of rows) this.byId.set(r.id, r);
    return rows;
  }
}
