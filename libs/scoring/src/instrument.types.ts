// The instrument model: a questionnaire as data. Pure types, shared by the scoring core, the
// seed migration and the API. A published version is immutable; responses refer to it exactly.

/** Text per language (BCP 47 primary tag, e.g. `en`, `de`); `en` is always present. */
export type LocalisedText = Readonly<Record<string, string>>;

export interface ResponseOption {
  /** Numeric code stored as the answer (e.g. 0..3 for RSES). */
  readonly code: number;
  readonly label: LocalisedText;
}

export interface ItemDefinition {
  /** Stable item code within the instrument, e.g. `RSES_2`. */
  readonly code: string;
  readonly text: LocalisedText;
  readonly options: readonly ResponseOption[];
  /** Reverse-scored items count (min + max − code) instead of their code. */
  readonly reverse: boolean;
  /** A required item must be answered before a submission is accepted. */
  readonly required: boolean;
}

export type ScoringMethod =
  /** Sum of item scores. */
  | 'SUM'
  /** Sum of item scores × multiplier (WHO-5: raw 0–25 × 4 = 0–100). */
  | 'SUM_SCALED'
  /** Mean of answered item scores × multiplier (SMP_SAT: mean × 25 = 0–100). */
  | 'MEAN_SCALED'
  /** One item's score as it is (PGIC 1–7). */
  | 'SINGLE';

export type MissingItemRule =
  /** Any missing item → no score. */
  | { readonly kind: 'NONE_ALLOWED' }
  /**
   * Up to `maxMissing` items may be missing; a SUM is then prorated (mean of answered items × item
   * count), a MEAN uses the answered items. Scores are rounded to SCORE_DECIMALS (4) places.
   */
  | { readonly kind: 'PRORATE'; readonly maxMissing: number };

export interface ScaleDefinition {
  readonly key: string;
  readonly name: LocalisedText;
  readonly itemCodes: readonly string[];
  readonly method: ScoringMethod;
  /** For SUM_SCALED and MEAN_SCALED. */
  readonly multiplier?: number;
  /** Possible range of the scale score. */
  readonly min: number;
  readonly max: number;
  readonly higherIsBetter: boolean;
  readonly missing: MissingItemRule;
  /** Minimal clinically important difference in scale points, when known. */
  readonly mcid: number | null;
  /** Published reliability (Cronbach's α) used for reliable change when registry data are few. */
  readonly reliability: number | null;
  /** Where the scoring rule, the MCID and the reliability come from. */
  readonly source: string;
}

export interface InstrumentDefinition {
  /** `RSES`, `WHO5`, `SMP_SAT`, `PGIC`, `HLD`, or one added later. */
  readonly key: string;
  /** Semantic version of the published definition, e.g. `1.0.0`. */
  readonly version: string;
  readonly title: LocalisedText;
  readonly languages: readonly string[];
  readonly items: readonly ItemDefinition[];
  readonly scales: readonly ScaleDefinition[];
  readonly licence: string;
}

/** Answers keyed by item code; `null` or absent means not answered. */
export type Answers = Readonly<Record<string, number | null | undefined>>;

export interface ScaleScore {
  readonly scaleKey: string;
  /** null when the missing-item rule forbids a score. */
  readonly score: number | null;
  readonly answeredItems: number;
  readonly missingItems: number;
  /** Why the score is null, or that it was prorated. */
  readonly note: string | null;
}

export type AnswerIssueKind =
  | 'UNKNOWN_ITEM'
  | 'INVALID_OPTION'
  | 'NOT_AN_INTEGER'
  | 'REQUIRED_MISSING';

export interface AnswerIssue {
  readonly itemCode: string;
  readonly kind: AnswerIssueKind;
  readonly message: string;
}
