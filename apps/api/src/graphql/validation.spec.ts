import { Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, ValidateNested } from 'class-validator';
import { AppError } from '../common/app-error.js';
import { firstMalformedString, makeValidationPipe } from './validation.js';

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
