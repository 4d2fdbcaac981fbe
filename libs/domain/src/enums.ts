// Domain vocabularies shared by the API and the pure cores. The database stores them as text with
// CHECK constraints written out in the migrations, so adding a value takes a migration too.

export const ROLES = ['ADMIN', 'CLINIC_STAFF', 'RESEARCHER'] as const;
export type Role = (typeof ROLES)[number];

export const SEXES = ['FEMALE', 'MALE', 'INTERSEX', 'UNDISCLOSED'] as const;
export type Sex = (typeof SEXES)[number];

export const HAIR_LOSS_TYPES = [
  'ANDROGENETIC_ALOPECIA',
  'ALOPECIA_AREATA',
  'DIFFUSE_THINNING',
  'SCARRING_ALOPECIA',
  'TRANSPLANT_SCAR',
  'OTHER',
] as const;
export type HairLossType = (typeof HAIR_LOSS_TYPES)[number];

export const PRIOR_TREATMENTS = ['TRANSPLANT', 'MINOXIDIL', 'FINASTERIDE', 'PRP', 'NONE'] as const;
export type PriorTreatment = (typeof PRIOR_TREATMENTS)[number];

export const CONSENT_SCOPES = ['CARE', 'RESEARCH'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const TREATMENT_AREAS = ['HAIRLINE', 'CROWN', 'FULL_SCALP', 'SCAR', 'DENSITY'] as const;
export type TreatmentArea = (typeof TREATMENT_AREAS)[number];

export const SESSION_KINDS = ['TREATMENT', 'TOUCH_UP'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

// Price bands in EUR equivalent, so clinics in different currencies stay comparable.
export const PRICE_BANDS = [
  'UNDER_1000',
  'FROM_1000_TO_1999',
  'FROM_2000_TO_2999',
  'FROM_3000_TO_4999',
  'FROM_5000',
  'UNDISCLOSED',
] as const;
export type PriceBand = (typeof PRICE_BANDS)[number];

export const INSURANCE_COVERAGES = ['NONE', 'PARTIAL', 'FULL', 'UNKNOWN'] as const;
export type InsuranceCoverage = (typeof INSURANCE_COVERAGES)[number];

export const ADVERSE_EVENT_TYPES = [
  'INFECTION',
  'ALLERGIC_REACTION',
  'PIGMENT_MIGRATION',
  'DISCOLORATION',
  'REMOVAL_OR_CORRECTION',
  'OTHER',
] as const;
export type AdverseEventType = (typeof ADVERSE_EVENT_TYPES)[number];

export const SEVERITIES = ['MILD', 'MODERATE', 'SEVERE'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TIME_POINTS = ['BASELINE', 'MONTH_1', 'MONTH_3', 'MONTH_6', 'MONTH_12'] as const;
export type TimePoint = (typeof TIME_POINTS)[number];

export const ASSIGNMENT_STATUSES = ['SCHEDULED', 'OPEN', 'COMPLETED', 'EXPIRED', 'CANCELLED'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const RESPONSE_SOURCES = ['WEB', 'STAFF_ENTERED', 'IMPORT'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];
