import pg from 'pg';
import { sqlLiteral } from './sql-literal.js';

// The shortcut for text without quotes or backslashes must quote exactly as pg's escapeLiteral does.
describe('sqlLiteral', () => {
  const texts = ['', 'plain', "it's", 'back\\slash', "both ' and \\", 'ünïcödé ✓ 😀', '{"a":"x"}', "''", '\\', 'E\'x\'', 'line\nbreak\ttab'];

  it.each(texts)('quotes text %j as pg.escapeLiteral does', (s) => {
    expect(sqlLiteral.text(s)).toBe(`${pg.escapeLiteral(s)}::text`);
  });

  it('quotes JSON as pg.escapeLiteral does, with and without characters that need escaping', () => {
    for (const v of [{ a: 1 }, { q: "O'Brien" }, { b: 'a\\b' }, { n: '\u0000' }, ['x', null, 2.5], { d: new Date('2026-01-02T03:04:05.678Z') }]) {
      expect(sqlLiteral.jsonb(v)).toBe(`${pg.escapeLiteral(JSON.stringify(v))}::jsonb`);
    }
  });

  it('refuses a NUL character in text and what cannot be JSON', () => {
    expect(() => sqlLiteral.text('a\0b')).toThrow(/NUL/);
    expect(() => sqlLiteral.jsonb(undefined)).toThrow(/JSON/);
  });

  it('checks uuids for shape and writes bytea as hex', () => {
    expect(sqlLiteral.uuid('00000000-0000-4000-8000-000000000101')).toBe("'00000000-0000-4000-8000-000000000101'::uuid");
    expect(() => sqlLiteral.uuid("x'; DROP TABLE client; --")).toThrow(/uuid/);
    expect(sqlLiteral.bytea(Buffer.from([0, 255]))).toBe("E'\\\\x00ff'::bytea");
    expect(sqlLiteral.text(null)).toBe('NULL::text');
  });
});
