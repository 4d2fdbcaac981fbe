import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ageBand, clinicPseudonym } from '../../../../libs/anonymisation/src/index.js';
import { itemScore, type InstrumentDefinition, type ScaleDefinition } from '../../../../libs/scoring/src/index.js';
import { areasGroup, FOLLOW_UP_TIME_POINTS, type FollowUpTimePoint, type OutcomeRecord, type ScaleInfo } from '../../../../libs/reports/src/index.js';
import { badInput } from '../common/app-error.js';
import { AppConfig } from '../config/app-config.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';

interface OutcomeRow {
  clinic_id: string;
  subject: string;
  time_point: FollowUpTimePoint;
  baseline_score: number | null;
  follow_up_score: number | null;
  baseline_items: number[] | null;
  follow_up_items: number[] | null;
  eligible: boolean;
  birth_year: number;
  enrol_year: number;
  sex: string;
  hair_loss_type: string;
  fitzpatrick_type: number;
  country: string;
  areas: string[];
  insurance_coverage: string;
  /** 'YYYY-MM' of the final session (UTC), generalised by the database already. */
  treatment_month: string | null;
  practitioner: string | null;
}

export interface LoadedRecord extends OutcomeRecord {
  /** Own-clinic dashboard only (CARE scope): the final session's practitioner pseudonym. */
  readonly practitioner: string | null;
  readonly clinicId: string;
}

/** The parts of a record that belong to the client, shared by the client's follow-up rows. */
type ClientPart = Omit<LoadedRecord, 'timePoint' | 'baseline' | 'followUp' | 'followUpItems' | 'eligible'>;

export interface ScaleRef {
  readonly instrument: InstrumentDefinition;
  readonly scale: ScaleDefinition;
  readonly info: ScaleInfo;
}

// Reads consented records through the outcome_rows definer function (the only cross-clinic read)
// and turns them into the pure core's records: generalised attributes, clinic pseudonyms, item
// scores for Cronbach's α. Clinic ids never leave this class except for the own-clinic check.
const FETCH_BATCH = 5000;

@Injectable()
export class OutcomeRecordsLoader {
  private readonly pseudonyms = new Map<string, string>();
  private readonly strings = new Map<string, string>();

  constructor(private readonly config: AppConfig) {}

  pseudonymOf(clinicId: string): string {
    let label = this.pseudonyms.get(clinicId);
    if (!label) {
      label = clinicPseudonym(clinicId, this.config.CLINIC_PSEUDONYM_KEY).label;
      this.pseudonyms.set(clinicId, label);
    }
    return label;
  }

  /** The newest published version of the instrument and its scale, or BAD_USER_INPUT naming the field. */
  async scale(m: EntityManager, instrumentKey: string, scaleKey: string): Promise<ScaleRef> {
    const versions = await m.find(InstrumentVersion, { where: { key: instrumentKey }, order: { publishedAt: 'DESC' } });
    const latest = versions[0];
    if (!latest) throw badInput('UNKNOWN_INSTRUMENT', `No instrument ${instrumentKey}`, 'instrumentKey');
    const instrument = latest.definition as InstrumentDefinition;
    const scale = instrument.scales.find((s) => s.key === scaleKey);
    if (!scale) throw badInput('UNKNOWN_SCALE', `${instrumentKey} has no scale ${scaleKey}`, 'scaleKey');
    return {
      instrument,
      scale,
      info: { key: scale.key, min: scale.min, max: scale.max, higherIsBetter: scale.higherIsBetter, mcid: scale.mcid, publishedReliability: scale.reliability },
    };
  }

  async load(m: EntityManager, ref: ScaleRef, cutoff: Date, scope: 'RESEARCH' | 'CARE', timePoints: readonly FollowUpTimePoint[] = FOLLOW_UP_TIME_POINTS): Promise<LoadedRecord[]> {
    const out: LoadedRecord[] = [];
    // A client has one row per follow-up: what belongs to the client (attributes, baseline items,
    // strings) is built once and shared by those rows, which keeps 100,000 clients in ~100 MB.
    const clients = new Map<string, ClientPart>();
    await this.rows(m, ref, cutoff, scope, timePoints, (r, scored) => {
      let client = clients.get(r.subject);
      if (!client) {
        client = this.clientPart(r, scored);
        clients.set(client.subject, client);
      }
      out.push(this.record(client, r, scored));
    });
    // A fixed order (not the database's) so floating-point sums, and so the figures, never depend on it.
    return out.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.timePoint < b.timePoint ? -1 : 1));
  }

  private async rows(
    m: EntityManager, ref: ScaleRef, cutoff: Date, scope: 'RESEARCH' | 'CARE', timePoints: readonly FollowUpTimePoint[],
    each: (r: OutcomeRow, scored: (codes: number[] | null) => number[] | null) => void,
  ): Promise<void> {
    // Read through a cursor in batches: only the converted records are kept, never the whole raw
    // result as well (on 100,000 clients that halved the API's peak memory).
    await m.query(`DECLARE outcome_cursor NO SCROLL CURSOR FOR SELECT * FROM outcome_rows($1, $2, $3, $4, $5, $6)`, [
      ref.instrument.key, ref.scale.key, ref.scale.itemCodes, timePoints, cutoff, scope,
    ]);
    // Reverse scoring by the item's flag (the latest version's items; item codes never change meaning).
    const items = ref.scale.itemCodes.map((code) => ref.instrument.items.find((i) => i.code === code)!);
    const scored = (codes: number[] | null) => (codes === null || codes.length !== items.length ? null : codes.map((c, i) => itemScore(items[i]!, c)));
    for (;;) {
      const rows: OutcomeRow[] = await m.query(`FETCH ${FETCH_BATCH} FROM outcome_cursor`);
      if (rows.length === 0) break;
      for (const r of rows) each(r, scored);
    }
    await m.query(`CLOSE outcome_cursor`);
  }

  private record(client: ClientPart, r: OutcomeRow, scored: (codes: number[] | null) => number[] | null): LoadedRecord {
    return {
      ...client,
      timePoint: FOLLOW_UP_TIME_POINTS.find((tp) => tp === r.time_point)!,
      baseline: r.baseline_score,
      followUp: r.follow_up_score,
      followUpItems: scored(r.follow_up_items),
      eligible: r.eligible,
    };
  }

  private clientPart(r: OutcomeRow, scored: (codes: number[] | null) => number[] | null): ClientPart {
    const areas = [...r.areas].sort();
    const clinicKey = this.pseudonymOf(r.clinic_id);
    const text = (v: string) => this.intern(v);
    return {
      clinicId: text(r.clinic_id),
      clinicKey,
      subject: r.subject,
      baselineItems: scored(r.baseline_items),
      areas: areas.map(text),
      treatmentMonth: r.treatment_month === null ? null : text(r.treatment_month),
      fitzpatrickType: r.fitzpatrick_type,
      practitioner: r.practitioner === null ? null : text(r.practitioner),
      attributes: {
        HAIR_LOSS_TYPE: text(r.hair_loss_type),
        SEX: text(r.sex),
        AGE_BAND: ageBand(r.birth_year, r.enrol_year),
        FITZPATRICK_TYPE: text(String(r.fitzpatrick_type)),
        COUNTRY: text(r.country.trim()),
        AREAS_TREATED: text(areasGroup(areas)),
        INSURANCE_COVERAGE: text(r.insurance_coverage),
        TREATMENT_MONTH: text(r.treatment_month ?? 'NONE'),
        CLINIC: clinicKey,
      },
    };
  }

  /** One string instance per distinct value (the driver makes a new one per row). */
  private intern(v: string): string {
    let canonical = this.strings.get(v);
    if (canonical === undefined) {
      if (this.strings.size > 100_000) this.strings.clear(); // only ever a cache
      this.strings.set(v, v);
      canonical = v;
    }
    return canonical;
  }
}
