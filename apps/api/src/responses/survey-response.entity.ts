import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ResponseSource, TimePoint } from '../../../../libs/domain/src/index.js';

@Entity('survey_response')
export class SurveyResponse {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') assignmentId: string;
  @Column('uuid') clientId: string;
  @Column('uuid') instrumentVersionId: string;
  @Column('text') timePoint: TimePoint;
  @Column('jsonb') answers: Record<string, number | null>;
  @Column('text') source: ResponseSource;
  @Column('text') idempotencyKey: string;
  @Column('text') payloadHash: string;
  @Column('timestamptz') submittedAt: Date;
  @Column('uuid', { nullable: true }) enteredBy: string | null;
}
