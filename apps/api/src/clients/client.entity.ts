import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HairLossType, PriorTreatment, Sex } from '../../../../libs/domain/src/index.js';

// Clinic-scoped: (clinic_id, id) is the key everywhere, ready for distribution by clinic.
@Entity('client')
export class Client {
  @PrimaryColumn('uuid') clinicId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') studyCode: string;
  /** AES-256-GCM envelope of the contact details; never selected for research. */
  @Column('text', { nullable: true }) contactCiphertext: string | null;
  @Column('text', { nullable: true }) contactKeyId: string | null;
  @Column('text') language: string;
  @Column('smallint') birthYear: number;
  @Column('text') sex: Sex;
  @Column('text') hairLossType: HairLossType;
  @Column('smallint', { nullable: true }) norwoodGrade: number | null;
  @Column('smallint', { nullable: true }) ludwigGrade: number | null;
  @Column('smallint') fitzpatrickType: number;
  @Column('text', { array: true }) priorTreatments: PriorTreatment[];
  @Column('timestamptz') enrolledAt: Date;
  @Column('uuid', { nullable: true }) enrolledBy: string | null;
}
