import { startTestApp, type TestApp } from '../../libs/testing/src/index.js';

describe('health endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the API and the database as up', async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { database: { status: "up" } } });
    expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
  });
});
