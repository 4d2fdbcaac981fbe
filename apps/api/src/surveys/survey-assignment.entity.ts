import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TimePoint } from '../../../../libs/domain/src/index.js';

@Entity('survey_assignment')
export class SurveyAssignment {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') clientId: string;
  @Column('uuid') protocolId: string;
  @Column('uuid') instrumentVersionId: string;
  @Column('text') timePoint: TimePoint;
  @Column('timestamptz', { nullable: true }) dueAt: Date | null;
  @Column('timestamptz') opensAt: Date;
  @Column('timestamptz', { nullable: true }) closesAt: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  /** SHA-256 of the link token; the token itself is never stored. */
  @Column('bytea', { nullable: true, select: false }) tokenHash: Buffer | null;
  @Column('timestamptz', { nullable: true }) tokenIssuedAt: Date | null;
  @Column('jsonb', { nullable: true }) draftAnswers: Record<string, number | null> | null;
  @Column('timestamptz', { nullable: true }) draftSavedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
}
