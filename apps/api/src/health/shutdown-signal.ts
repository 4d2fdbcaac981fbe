// Set when the process begins a graceful shutdown: readiness answers 503 at once so the load
// balancer stops sending traffic while in-flight requests finish.
export class ShutdownSignal {
  private draining = false;
  begin(): void {
    this.draining = true;
  }
  get isDraining(): boolean {
    return this.draining;
  }
}
