import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../common/principal.js';

export interface TxScope {
  /** The clinic whose rows this transaction may touch; null for admin/researcher/anonymous work. */
  readonly clinicId: string | null;
  readonly role: string;
}

// One transaction per use case. The clinic and role are set with set_config(..., true), i.e. local
// to this transaction, so a pooled connection never carries them into the next request.
@Injectable()
export class Db {
  constructor(readonly dataSource: DataSource) {}

  tx<T>(scope: TxScope, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('app.clinic_id', $1, true), set_config('app.role', $2, true)`, [
        scope.clinicId ?? '',
        scope.role,
      ]);
      return work(m);
    });
  }

  scopeOf(p: Principal | null): TxScope {
    return p ? { clinicId: p.clinicId, role: p.role } : { clinicId: null, role: 'ANONYMOUS' };
  }
}
