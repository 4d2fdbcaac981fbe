import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InstrumentDefinition } from '../../../../libs/scoring/src/instrument.types.js';

@Entity('instrument_version')
export class InstrumentVersion {
  @PrimaryColumn('uuid') id: string;
  @Column('text') key: string;
  @Column('text') version: string;
  @Column('jsonb') definition: InstrumentDefinition;
  @Column('timestamptz') publishedAt: Date;
}
