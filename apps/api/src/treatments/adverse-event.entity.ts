import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AdverseEventType, Severity } from '../../../../libs/domain/src/index.js';

@Entity('adverse_event')
export class AdverseEvent {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') courseId: string;
  @Column('text') type: AdverseEventType;
  @Column('date') onsetDate: string;
  @Column('text') severity: Severity;
  @Column('timestamptz') recordedAt: Date;
}
