import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { asMilliEpsilon, formatEpsilon, type MilliEpsilon, parseEpsilon } from '../../../../libs/anonymisation/src/index.js';
import { AppError } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';

export interface BudgetState {
  readonly period: string;
  readonly allowance: MilliEpsilon;
  readonly spent: MilliEpsilon;
}

// The ε ledger. `lock` takes the researcher's row of the period FOR UPDATE inside the report's
// transaction, so two concurrent noisy reports are serialised and can never overspend together.
@Injectable()
export class PrivacyBudgetService {
  private readonly allowance: MilliEpsilon;

  constructor(config: AppConfig) {
    this.allowance = parseEpsilon(config.DP_EPSILON_PER_PERIOD);
  }

  async lock(m: EntityManager, researcherId: string, period: string): Promise<BudgetState> {
    await m.query(
      `INSERT INTO privacy_budget (researcher_id, period, allowance_milli) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [researcherId, period, this.allowance],
    );
    const [row] = await m.query(
      `SELECT allowance_milli, spent_milli FROM privacy_budget WHERE researcher_id = $1 AND period = $2 FOR UPDATE`,
      [researcherId, period],
    );
    return { period, allowance: asMilliEpsilon(row.allowance_milli), spent: asMilliEpsilon(row.spent_milli) };
  }

  async read(m: EntityManager, researcherId: string, period: string): Promise<BudgetState> {
    const [row] = await m.query(`SELECT allowance_milli, spent_milli FROM privacy_budget WHERE researcher_id = $1 AND period = $2`, [researcherId, period]);
    return row
      ? { period, allowance: asMilliEpsilon(row.allowance_milli), spent: asMilliEpsilon(row.spent_milli) }
      : { period, allowance: this.allowance, spent: 0 as MilliEpsilon };
  }

  /** Refuses (FORBIDDEN, field epsilon) a request that would go over the allowance. */
  assertAffordable(state: BudgetState, cost: MilliEpsilon): void {
    const left = state.allowance - state.spent;
    if (cost > left) {
      throw new AppError(
        'FORBIDDEN',
        'PRIVACY_BUDGET_EXHAUSTED',
        `This report needs ε ${formatEpsilon(cost)} but only ${formatEpsilon(asMilliEpsilon(Math.max(0, left)))} is left for ${state.period}`,
        'epsilon',
      );
    }
  }

  async spend(m: EntityManager, researcherId: string, state: BudgetState, cost: MilliEpsilon, queryHash: string, at: Date): Promise<BudgetState> {
    this.assertAffordable(state, cost);
    await m.query(`UPDATE privacy_budget SET spent_milli = spent_milli + $3 WHERE researcher_id = $1 AND period = $2`, [researcherId, state.period, cost]);
    await m.query(
      `INSERT INTO privacy_spend (researcher_id, period, epsilon_milli, query_hash, spent_at) VALUES ($1, $2, $3, $4, $5)`,
      [researcherId, state.period, cost, queryHash, at],
    );
    return { ...state, spent: asMilliEpsilon(state.spent + cost) };
  }
}
