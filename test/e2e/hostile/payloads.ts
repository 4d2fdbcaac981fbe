// Hostile values for the bad-input suite (test/e2e/hostile-requests.e2e-spec.ts). Plain data: the
// generators in ./variants.ts decide where each value goes.

/** Injection and encoding tricks, sent in every String and ID argument and input field. */
export const INJECTIONS: readonly string[] = [
  `'; DROP TABLE client;--`,
  `" OR 1=1 --`,
  `' OR '1'='1`,
  `admin'--`,
  `1; SELECT pg_sleep(5)--`,
  `' UNION SELECT password_hash FROM staff_account --`,
  `'); DELETE FROM survey_response; --`,
  `\\'; COPY client TO '/tmp/x'; --`,
  `$where`,
  `{"$gt": ""}`,
  `{"$where": "sleep(5000) || true"}`,
  `{{7*7}}`,
  `\${7*7}`,
  `#{7*7}`,
  `{{constructor.constructor('return process')()}}`,
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `\u0000`,
  `abc\u0000def`,
  `\u202Eevil\u202C`,
  `مرحبا بالعالم`,
  `😀👍🏽👨‍👩‍👧‍👦`,
  `\uD800`,
  `\uFEFF\u200B\u200D`,
  `𝕳𝖊𝖑𝖑𝖔`,
  `../../../../etc/passwd`,
  `%27%20OR%201%3D1%00`,
  `\r\nX-Injected: 1`,
  `$(reboot) \`id\` ; ls -la`,
  `__proto__`,
  `constructor`,
  `NaN`,
  `null`,
  ``,
  `   `,
  `\\`,
];

/** A few of the above, for positions where a string is simply the wrong type (Int, Boolean, …). */
export const INJECTION_SAMPLE: readonly string[] = [`'; DROP TABLE client;--`, `{{7*7}}`, `\u0000`, `NaN`];

/** Over the 100 kB body limit on their own: the HTTP layer must answer 413 (or a coded error). */
export const HUGE_STRINGS: readonly { tag: string; value: string }[] = [
  { tag: 'ascii 101 kB', value: 'A'.repeat(101 * 1024) },
  { tag: 'emoji 120 kB', value: '💥'.repeat(30_000) },
];

/** Long, but under the body limit: reaches GraphQL and the validators. */
export const LONG_STRINGS: readonly { tag: string; value: string }[] = [
  { tag: 'ascii 60 kB', value: 'x'.repeat(60_000) },
  { tag: 'quotes 20 kB', value: `'"`.repeat(10_000) },
];

/** Out-of-range and not-quite-integer numbers for every Int position (answers included). */
export const BAD_INTS: readonly { tag: string; value: unknown }[] = [
  { tag: '99', value: 99 },
  { tag: '-1', value: -1 },
  { tag: '2^31', value: 2 ** 31 },
  { tag: '-2^31-1', value: -(2 ** 31) - 1 },
  { tag: '2^53+', value: 2 ** 53 + 2 },
  { tag: '1e308', value: 1e308 },
  { tag: '1.5', value: 1.5 },
  { tag: '1000001', value: 1_000_001 },
  { tag: '-1000000', value: -1_000_000 },
];

/** Wrong JSON types, by the GraphQL type they are sent for. */
export const WRONG_FOR_STRING: readonly { tag: string; value: unknown }[] = [
  { tag: 'number', value: 42 },
  { tag: 'float', value: 3.14 },
  { tag: 'boolean', value: true },
  { tag: 'object', value: {} },
  { tag: 'mongo operator', value: { $ne: null } },
  { tag: 'array', value: ['a', 'b'] },
];
export const WRONG_FOR_INT: readonly { tag: string; value: unknown }[] = [
  { tag: 'numeric string', value: '1' },
  { tag: 'boolean', value: true },
  { tag: 'object', value: { $gt: 0 } },
  { tag: 'array', value: [1] },
];
export const WRONG_FOR_BOOLEAN: readonly { tag: string; value: unknown }[] = [
  { tag: 'string', value: 'true' },
  { tag: 'number', value: 1 },
  { tag: 'object', value: {} },
  { tag: 'array', value: [true] },
];
export const WRONG_FOR_ENUM: readonly { tag: string; value: unknown }[] = [
  { tag: 'unknown value', value: 'NOT_A_VALUE' },
  { tag: 'lower case', value: 'admin' },
  { tag: 'number', value: 0 },
  { tag: 'object', value: { value: 'X' } },
  { tag: 'injection', value: `CARE'; DROP TABLE consent;--` },
];
export const WRONG_FOR_DATETIME: readonly { tag: string; value: unknown }[] = [
  { tag: 'not a date', value: 'not a date' },
  { tag: 'impossible date', value: '2025-02-30T25:61:00Z' },
  { tag: 'year 275760+', value: '+275761-01-01T00:00:00Z' },
  { tag: 'number', value: -8.64e15 },
  { tag: 'empty', value: '' },
  { tag: 'injection', value: `2025-01-01'; DROP TABLE audit_event;--` },
];

/** Unknown members added to every input object. Each entry is JSON text spliced into the object. */
export const UNKNOWN_MEMBERS: readonly { tag: string; json: string }[] = [
  { tag: 'unknown field', json: `"unknownField": 1` },
  { tag: 'clinicId smuggled', json: `"clinicId": "00000000-0000-4000-8000-000000000000"` },
  { tag: 'role smuggled', json: `"role": "ADMIN"` },
  { tag: 'mongo $where', json: `"$where": "this.clinicId != null"` },
  { tag: '__proto__ pollution', json: `"__proto__": { "isAdmin": true, "role": "ADMIN" }` },
  { tag: 'constructor.prototype pollution', json: `"constructor": { "prototype": { "isAdmin": true } }` },
];

export const GARBAGE_BYTES = new Uint8Array([0x7b, 0x22, 0x71, 0x75, 0x65, 0x72, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x22, 0x7d]);
