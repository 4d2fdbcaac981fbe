import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TimePoint } from '../../../../libs/domain/src/index.js';

@Entity('scale_score')
export class ScaleScoreRow {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') responseId: string;
  @PrimaryColumn('text') scaleKey: string;
  @Column('uuid') clientId: string;
  @Column('text') instrumentKey: string;
  @Column('text') timePoint: TimePoint;
  @Column('double precision', { nullable: true }) score: number | null;
  @Column('smallint') answeredItems: number;
  @Column('smallint') missingItems: number;
}
