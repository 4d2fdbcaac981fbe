import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InsuranceCoverage, PriceBand } from '../../../../libs/domain/src/index.js';

@Entity('treatment_course')
export class TreatmentCourse {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') clientId: string;
  @Column('text') priceBand: PriceBand;
  @Column('text') insuranceCoverage: InsuranceCoverage;
  @Column('text', { nullable: true }) pigmentShade: string | null;
  /** Calendar days as `YYYY-MM-DD` strings (pg returns `date` as text; no time zone shifts). */
  @Column('date', { nullable: true }) firstSessionDate: string | null;
  @Column('date', { nullable: true }) finalSessionDate: string | null;
  @Column('timestamptz') createdAt: Date;
}
