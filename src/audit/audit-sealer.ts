import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

/**
 * Requests append their audit rows unchained (no lock, see migration Migration20261203500000_audit_sealing);
 * `hub_seal_audit()` chains the rows whose transactions have ended. This runs it: on a timer in the hub
 * process, so unsealed rows are at most a few seconds old, and before the chain is verified.
 */
export const AUDIT_SEAL_INTERVAL_MS = 2000;

/** Seals every final audit row; returns how many. In the caller's transaction if it has one, else its own. */
export async function sealAudit(em: EntityManager): Promise<number> {
  let total = 0;
  // One call seals up to 100,000 rows; a backlog (after an outage) takes a few calls.
  for (;;) {
    const [row] = await em.execute<{ sealed: string }[]>('select hub_seal_audit() as sealed');
    const n = Number(row?.sealed ?? 0);
    total += n;
    if (n < 100_000) return total;
  }
}

export interface AuditSealer {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Seals every `intervalMs` in short transactions of its own; never keeps the process alive. */
export function startAuditSealer(rootEm: EntityManager, log: Logger, intervalMs = AUDIT_SEAL_INTERVAL_MS): AuditSealer {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = sealAudit(rootEm.fork({ clear: true, useContext: false }))
      .then(() => undefined)
      // The database may be down or restarting: the rows wait for the next run.
      .catch((err: unknown) => log.warn({ err }, 'audit sealing failed; will retry'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
