import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_NODE_FLAGS } from './runtime-flags.js';

// The API is started in three places; each must pass the same Node options (runtime-flags.ts).
const ROOT = join(process.cwd());
const ENTRY = 'dist/apps/api/src/main.js';

describe('API_NODE_FLAGS', () => {
  it('are the options of `npm start`', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = scripts['start']!;
    expect(start).toContain(`node ${API_NODE_FLAGS.join(' ')} ${ENTRY}`);
  });

  it('are the options of the Docker image', () => {
    const cmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n').find((l) => l.startsWith('CMD '));
    expect(cmd && JSON.parse(cmd.slice(4))).toEqual(['node', ...API_NODE_FLAGS, ENTRY]);
  });

  it('bound the old generation, which is what keeps the resident memory of a burst down', () => {
    expect(API_NODE_FLAGS).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
  });
});
