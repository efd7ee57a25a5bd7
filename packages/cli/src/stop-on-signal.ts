/** How long a service may take to stop cleanly before it exits anyway. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs `stop` on the first SIGINT or SIGTERM, then exits. A stop that hangs (a peer that never closes its
 * connection, a request that never returns) must not keep the service, and whatever waits for it, alive: after
 * 10 s, or at a second signal, the process exits without waiting.
 */
export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(1), STOP_GRACE_MS).unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
