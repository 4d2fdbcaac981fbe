import { registerEnumType } from '@nestjs/graphql';
import {
  ADVERSE_EVENT_TYPES,
  ASSIGNMENT_STATUSES,
  CONSENT_SCOPES,
  HAIR_LOSS_TYPES,
  INSURANCE_COVERAGES,
  PRICE_BANDS,
  PRIOR_TREATMENTS,
  RESPONSE_SOURCES,
  SESSION_KINDS,
  SEVERITIES,
  SEXES,
  TIME_POINTS,
  TREATMENT_AREAS,
} from '../../../../libs/domain/src/index.js';

// GraphQL enums generated from the domain's value lists, so the two cannot drift apart.
const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const SexEnum = asEnum(SEXES);
export const HairLossTypeEnum = asEnum(HAIR_LOSS_TYPES);
export const PriorTreatmentEnum = asEnum(PRIOR_TREATMENTS);
export const ConsentScopeEnum = asEnum(CONSENT_SCOPES);
export const TreatmentAreaEnum = asEnum(TREATMENT_AREAS);
export const SessionKindEnum = asEnum(SESSION_KINDS);
export const PriceBandEnum = asEnum(PRICE_BANDS);
export const InsuranceCoverageEnum = asEnum(INSURANCE_COVERAGES);
export const AdverseEventTypeEnum = asEnum(ADVERSE_EVENT_TYPES);
export const SeverityEnum = asEnum(SEVERITIES);
export const TimePointEnum = asEnum(TIME_POINTS);
export const AssignmentStatusEnum = asEnum(ASSIGNMENT_STATUSES);
export const ResponseSourceEnum = asEnum(RESPONSE_SOURCES);

registerEnumType(SexEnum, { name: 'Sex' });
registerEnumType(HairLossTypeEnum, { name: 'HairLossType' });
registerEnumType(PriorTreatmentEnum, { name: 'PriorTreatment' });
registerEnumType(ConsentScopeEnum, { name: 'ConsentScope' });
registerEnumType(TreatmentAreaEnum, { name: 'TreatmentArea' });
registerEnumType(SessionKindEnum, { name: 'SessionKind' });
registerEnumType(PriceBandEnum, { name: 'PriceBand', description: 'Course price in EUR equivalent' });
registerEnumType(InsuranceCoverageEnum, { name: 'InsuranceCoverage' });
registerEnumType(AdverseEventTypeEnum, { name: 'AdverseEventType' });
registerEnumType(SeverityEnum, { name: 'Severity' });
registerEnumType(TimePointEnum, { name: 'TimePoint' });
registerEnumType(AssignmentStatusEnum, { name: 'AssignmentStatus' });
registerEnumType(ResponseSourceEnum, { name: 'ResponseSource' });
