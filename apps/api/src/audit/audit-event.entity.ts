import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'SUCCESS' | 'DENIED' | 'FAILED';

@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('timestamptz') occurredAt: Date;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text', { nullable: true }) actorRole: string | null;
  @Column('uuid', { nullable: true }) clinicId: string | null;
  @Column('text') action: string;
  @Column('text', { nullable: true }) targetType: string | null;
  @Column('text', { nullable: true }) targetId: string | null;
  @Column('text') outcome: AuditOutcome;
  @Column('jsonb') details: Record<string, unknown>;
}
