import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TimePoint } from '../../../../libs/domain/src/index.js';

@Entity('protocol')
export class Protocol {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('integer') version: number;
  @Column('timestamptz') publishedAt: Date;
  @Column('boolean') active: boolean;
}

@Entity('protocol_entry')
export class ProtocolEntry {
  @PrimaryColumn('uuid') protocolId: string;
  @PrimaryColumn('text') timePoint: TimePoint;
  @PrimaryColumn('uuid') instrumentVersionId: string;
  @Column('smallint') position: number;
}
