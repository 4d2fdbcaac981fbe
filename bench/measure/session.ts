// A signed-in account for the benchmark; signs in again when the 15-minute access token expires.
import { expectData, gql, type Outcome } from '../chaos/graphql.js';

export class Session {
  private token = '';

  constructor(
    private readonly baseUrl: string,
    readonly email: string,
    private readonly password: string,
  ) {}

  get accessToken(): string {
    return this.token;
  }

  async login(): Promise<void> {
    const o = await gql(this.baseUrl, `mutation($input: LoginInput!){ login(input:$input){ accessToken } }`, {
      input: { email: this.email, password: this.password },
    }, { timeoutMs: 30_000 });
    this.token = expectData<{ login: { accessToken: string } }>(o, `login ${this.email}`).login.accessToken;
  }

  /** Signs in again first when the token is older than `maxAgeMs` (reports must not fail on expiry mid-measurement). */
  async fresh(maxAgeMs = 10 * 60_000): Promise<string> {
    if (!this.token || Date.now() - this.issuedAt > maxAgeMs) {
      await this.login();
      this.issuedAt = Date.now();
    }
    return this.token;
  }

  private issuedAt = 0;

  async call<T>(what: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let o: Outcome = await gql(this.baseUrl, query, variables, { token: await this.fresh(), timeoutMs: 60_000 });
    if (o.kind === 'graphql-error' && o.code === 'UNAUTHENTICATED') {
      await this.login();
      this.issuedAt = Date.now();
      o = await gql(this.baseUrl, query, variables, { token: this.token, timeoutMs: 60_000 });
    }
    return expectData<T>(o, what);
  }
}
