import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { Expose, Transform, Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, ValidateNested } from 'class-validator';
import { AuditEventsArgs } from '../audit/dto/audit-event.object.js';
import { EnrolClientInput } from '../clients/dto/enrol-client.input.js';
import { AppError } from '../common/app-error.js';
import { OutcomeReportInput } from '../reports/dto/outcome-report.input.js';
import { SubmitSurveyResponseInput } from '../responses/dto/answer.input.js';
import { builtArgument, firstMalformedString, makeValidationPipe } from './validation.js';

// The global guard against strings that are not text (an unpaired UTF-16 surrogate).
describe('firstMalformedString', () => {
  it('finds an unpaired surrogate anywhere in an argument, named as class-validator names fields', () => {
    expect(firstMalformedString('\ud800', 'token')).toBe('token');
    expect(firstMalformedString({ email: 'a\udc00b' }, '')).toBe('email');
    expect(firstMalformedString({ answers: [{ itemCode: 'RSES_1' }, { itemCode: 'x\ud83d' }] }, '')).toBe('answers.1.itemCode');
    expect(firstMalformedString(Object.assign(Object.create(null), { token: '\udfff' }), '')).toBe('token');
  });

  it('accepts well-formed text, including pairs, and skips non-plain objects', () => {
    expect(firstMalformedString({ name: '😀👍🏽 مرحبا \u0000', list: ['𝕳𝖊𝖑𝖑𝖔', 1, null, true] }, '')).toBeNull();
    expect(firstMalformedString({ when: new Date(0) }, '')).toBeNull();
  });
});

describe('the global validation pipe', () => {
  const pipe = makeValidationPipe();

  it('refuses a GraphQL argument with an unpaired surrogate as BAD_USER_INPUT naming the field', async () => {
    const refused = await pipe.transform({ email: '\ud800', password: 'x' }, { type: 'body', data: 'input', metatype: Object }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ category: 'BAD_INPUT', reason: 'VALIDATION_FAILED', field: 'email' });
    await expect(pipe.transform('\ud800', { type: 'body', data: 'token', metatype: String })).rejects.toMatchObject({ field: 'token' });
  });

  it('does not walk parameters that are not arguments (context, parent)', async () => {
    const ctx = { req: { headers: { x: '\ud800' } } };
    await expect(pipe.transform(ctx, { type: 'custom', metatype: Object })).resolves.toBe(ctx);
  });
});

// The pipe keeps class-validator's rule lookups (memoizeValidationMetadata): they must follow
// every registration and inheritance exactly as the uncached lookups do.
describe('kept validation rules', () => {
  const pipe = makeValidationPipe();
  const check = (metatype: Function, value: object) =>
    pipe.transform(value, { type: 'body', data: 'input', metatype: metatype as never }).then(() => null, (e: AppError) => e.field ?? 'refused');

  class Item {
    @IsString() code!: string;
  }
  class Base {
    @IsInt() n!: number;
  }
  class Derived extends Base {
    @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
  }

  it('validates nested and inherited rules the same on every call', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await check(Derived, { n: 1, items: [{ code: 'a' }, { code: 'b' }] })).toBeNull();
      expect(await check(Derived, { n: 'x', items: [] })).toBe('n');
      expect(await check(Derived, { n: 1, items: [{ code: 'a' }, { code: 2 }] })).toBe('items.1.code');
    }
  });

  it('applies a rule registered after the lookups were kept, to the class and to its subclasses', async () => {
    expect(await check(Derived, { n: 1, items: [], extra: 'x' })).toBe('extra'); // not whitelisted yet
    IsString()(Base.prototype, 'extra');
    expect(await check(Derived, { n: 1, items: [], extra: 'x' })).toBeNull();
    expect(await check(Derived, { n: 1, items: [], extra: 5 })).toBe('extra');
    expect(await check(Base, { n: 1, extra: 5 })).toBe('extra');
  });

  it('hands out kept rule lists that cannot be changed in place', () => {
    const rules = getMetadataStorage().getTargetValidationMetadatas(Derived, '', false, false);
    expect(rules.length).toBeGreaterThan(0);
    expect(Object.isFrozen(rules)).toBe(true);
    expect(getMetadataStorage().getTargetValidationMetadatas(Derived, '', false, false)).toBe(rules);
  });

  // Last: it registers a rule that every later Derived would have to satisfy.
  it('keeps the grouping by property of a kept list, and groups anew after a registration', async () => {
    const storage = getMetadataStorage();
    const rules = storage.getTargetValidationMetadatas(Derived, '', false, false);
    const grouped = storage.groupByPropertyName(rules);
    expect(storage.groupByPropertyName(rules)).toBe(grouped);
    expect(Object.keys(grouped).sort()).toEqual([...new Set(rules.map((r) => r.propertyName))].sort());
    expect(grouped['n']).toHaveLength(1);
    IsInt()(Derived.prototype, 'later');
    const after = storage.getTargetValidationMetadatas(Derived, '', false, false);
    expect(after).not.toBe(rules);
    expect(storage.groupByPropertyName(after)['later']).toHaveLength(1);
    expect(await check(Derived, { n: 1, items: [], later: 'x' })).toBe('later');
    // A list that is not a kept one is grouped afresh, as class-validator does.
    const copy = [...after];
    expect(storage.groupByPropertyName(copy)).not.toBe(storage.groupByPropertyName(copy));
    expect(storage.groupByPropertyName(copy)).toEqual(storage.groupByPropertyName(after));
  });
});

// The pipe builds an input-class argument itself (one walk) instead of class-transformer's
// plainToInstance and Nest's walks. Each case goes through both ways: the same instance, or the
// same error, must come out.
describe('the pipe’s own building of arguments, against Nest’s pipe', () => {
  const pipe = makeValidationPipe();
  const viaNest = (value: unknown, meta: ArgumentMetadata) => ValidationPipe.prototype.transform.call(pipe, value, meta);
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (v) => ({ ok: true as const, v, shape: shapeOf(v) }),
      (e: AppError) => ({ ok: false as const, e: { field: e.field, message: e.message, reason: e.reason, category: e.category, problems: JSON.stringify(e.problems) } }),
    );
  // Classes all the way down, not only equal fields.
  const shapeOf = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(shapeOf)
      : v instanceof Date ? `Date ${v.toISOString()}`
        : v !== null && typeof v === 'object' ? [v.constructor?.name ?? 'null-prototype', Object.entries(v).map(([k, x]) => [k, shapeOf(x)])]
          : v;
  // graphql-js hands input objects over without a prototype.
  const gql = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(gql)
      : v !== null && typeof v === 'object' && !(v instanceof Date) ? Object.assign(Object.create(null), Object.fromEntries(Object.entries(v).map(([k, x]) => [k, gql(x)])))
        : v;
  const answers = (n: number) => Array.from({ length: n }, (_, i) => ({ itemCode: `RSES_${i + 1}`, value: i % 4 }));
  const submit = { token: 'abcDEF123_-abcDEF123_-abcDEF123_-abcDEF1234', idempotencyKey: 'bench-0f0e0d0c-1111', answers: answers(10) };
  const enrol = {
    studyCode: 'C-001', email: 'a@example.org', language: 'en', birthYear: 1980, sex: 'MALE', hairLossType: 'ANDROGENETIC_ALOPECIA',
    norwoodGrade: 3, fitzpatrickType: 2, priorTreatments: [], consents: [{ scope: 'CARE', version: '2026-01' }],
  };
  const report = { instrumentKey: 'RSES', scaleKey: 'RSES_TOTAL', timePoints: ['MONTH_3'], groupBy: ['CLINIC'], filters: { sexes: ['FEMALE'], fitzpatrickTypes: [1, 2] } };
  const cases: [string, Function, unknown][] = [
    ['a submission', SubmitSurveyResponseInput, submit],
    ['a submission with a null and a missing answer value', SubmitSurveyResponseInput, { ...submit, answers: [{ itemCode: 'RSES_1', value: null }, { itemCode: 'RSES_2' }] }],
    ['a submission with a bad item code and an out-of-range value', SubmitSurveyResponseInput, { ...submit, answers: [{ itemCode: 'rses 1', value: 1 }, { itemCode: 'RSES_2', value: 5000 }] }],
    ['a submission with an unknown field in an answer', SubmitSurveyResponseInput, { ...submit, answers: [{ itemCode: 'RSES_1', value: 1, extra: true }] }],
    ['a submission with a bad key and too many answers', SubmitSurveyResponseInput, { ...submit, idempotencyKey: 'short', answers: answers(201) }],
    ['a submission whose answers are not objects', SubmitSurveyResponseInput, { ...submit, answers: [null, 'RSES_1', 3] }],
    ['an enrolment with its consents', EnrolClientInput, enrol],
    ['an enrolment with a bad consent and e-mail', EnrolClientInput, { ...enrol, email: 'not-an-address', consents: [{ scope: 'CARE', version: '' }, { scope: 'NOPE', version: '1' }] }],
    ['a report with filters', OutcomeReportInput, report],
    ['a report with bad filters', OutcomeReportInput, { ...report, filters: { fitzpatrickTypes: [9, 9], countries: ['de'] } }],
    ['audit arguments with dates and defaults', AuditEventsArgs, { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z'), first: 10 }],
    ['audit arguments out of range', AuditEventsArgs, { first: 0, offset: -1, outcome: 'MAYBE' }],
  ];

  it.each(cases)('%s: the same instance or the same error', async (_name, cls, value) => {
    const meta: ArgumentMetadata = { type: 'body', data: 'input', metatype: cls as never };
    expect(builtArgument(cls, gql(value))).not.toBeNull(); // the pipe's own way is taken
    const mine = await outcome(pipe.transform(gql(value), meta));
    const nest = await outcome(viaNest(gql(value), meta));
    expect(mine).toEqual(nest);
    if (mine.ok) expect((mine.v as object).constructor).toBe(cls);
  });

  it('leaves to Nest’s pipe what it does not build exactly, with the same result', async () => {
    class Exposed {
      @Expose({ name: 'code' }) @IsString() itemCode!: string;
    }
    class Transformed {
      @Transform(({ value }: { value: string }) => value.trim()) @IsString() name!: string;
    }
    class Untyped {
      @ValidateNested() nested!: object;
    }
    class WithAccessor {
      @IsString() get label(): string {
        return 'x';
      }
    }
    const unbuilt: [Function, unknown][] = [
      [Exposed, { code: 'A' }], [Transformed, { name: ' x ' }], [Untyped, { nested: { a: 1 } }], [WithAccessor, { label: 'y' }],
      [AuditEventsArgs, { from: '2026-01-01' }], [SubmitSurveyResponseInput, { ...submit, answers: [submit.answers[0], , submit.answers[1]] }],
    ];
    for (const [cls, value] of unbuilt) {
      expect(builtArgument(cls, gql(value))).toBeNull();
      const meta: ArgumentMetadata = { type: 'body', data: 'input', metatype: cls as never };
      expect(await outcome(pipe.transform(gql(value), meta))).toEqual(await outcome(viaNest(gql(value), meta)));
    }
    expect(((await pipe.transform({ name: ' x ' }, { type: 'body', data: 'input', metatype: Transformed })) as Transformed).name).toBe('x');
  });

  it('still refuses an unpaired surrogate deep in a built argument, naming the field', async () => {
    const value = gql({ ...submit, answers: [{ itemCode: 'RSES_1', value: 1 }, { itemCode: 'RSES_\ud800', value: 1 }] });
    await expect(pipe.transform(value, { type: 'body', data: 'input', metatype: SubmitSurveyResponseInput })).rejects.toMatchObject({ field: 'answers.1.itemCode' });
  });
});
