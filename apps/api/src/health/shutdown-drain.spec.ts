import { drainUntilQuiet } from './shutdown-drain.js';

describe('drainUntilQuiet', () => {
  it('drains for the minimum when nothing arrives', async () => {
    const ms = await drainUntilQuiet({ minMs: 30, quietMs: 20, maxMs: 1_000, arrived: () => 0 });
    expect(ms).toBeGreaterThanOrEqual(50);
    expect(ms).toBeLessThan(400);
  });

  it('goes on while requests keep arriving, and ends at the first quiet spell after them', async () => {
    let n = 0;
    const t0 = Date.now();
    // Requests arrive for the first 200 ms, then stop.
    const feed = setInterval(() => {
      if (Date.now() - t0 < 200) n += 1;
    }, 5);
    try {
      const ms = await drainUntilQuiet({ minMs: 30, quietMs: 40, maxMs: 5_000, arrived: () => n });
      expect(ms).toBeGreaterThanOrEqual(200);
      expect(ms).toBeLessThan(1_000);
    } finally {
      clearInterval(feed);
    }
  });

  it('ends at the maximum when requests never stop', async () => {
    let n = 0;
    const feed = setInterval(() => (n += 1), 5);
    try {
      const ms = await drainUntilQuiet({ minMs: 10, quietMs: 30, maxMs: 250, arrived: () => n });
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(700);
    } finally {
      clearInterval(feed);
    }
  });
});
