import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SessionKind, TreatmentArea } from '../../../../libs/domain/src/index.js';

@Entity('treatment_session')
export class TreatmentSession {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') courseId: string;
  @Column('date') sessionDate: string;
  @Column('text') kind: SessionKind;
  @Column('boolean') isFinal: boolean;
  @Column('text', { array: true }) areas: TreatmentArea[];
  @Column('uuid', { nullable: true }) practitionerId: string | null;
  @Column('text', { nullable: true }) pigmentShade: string | null;
  @Column('timestamptz') createdAt: Date;
}
