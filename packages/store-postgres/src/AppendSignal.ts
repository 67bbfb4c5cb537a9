import pg from 'pg';

/** One subscriber's wake-up: arm before reading, then wait until an append is signalled or a timeout. */
export interface AppendWaiter {
  /** Forgets earlier signals; call just before reading, so a signal during the read is not lost. */
  arm(): void;
  /** Resolves on the next signal since arm(), on close, or after `ms`, whichever is first. */
  wait(ms: number): Promise<void>;
  dispose(): void;
}

interface WaiterState {
  pending: boolean;
  wake?: () => void;
}

/**
 * LISTENs on the log's channel with one dedicated connection and wakes every live$ subscriber of
 * this process. Only a latency aid: subscribers also poll, so a lost connection or notification
 * delays events but never loses them. Reconnects lazily on the next ensureListening().
 */
export class AppendSignal {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly waiters = new Set<WaiterState>();
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
  ) {}

  /** Starts listening if not already; never rejects (polling covers a failure). */
  ensureListening(): Promise<void> {
    if (this.closed || this.client !== undefined) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'podstate-listen',
    });
    const drop = () => {
      if (this.client === client) this.client = undefined;
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => this.wakeAll());
    try {
      await client.connect();
      await client.query(`listen "${this.channel}"`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      // Appends committed while we were not listening would otherwise wait for the next poll.
      this.wakeAll();
    } catch {
      await client.end().catch(() => undefined);
    }
  }

  private wakeAll(): void {
    for (const w of this.waiters) {
      w.pending = true;
      w.wake?.();
    }
  }

  /** Registers a subscriber. */
  subscribe(): AppendWaiter {
    const state: WaiterState = { pending: false };
    this.waiters.add(state);
    return {
      arm: () => {
        state.pending = false;
      },
      wait: (ms) =>
        new Promise<void>((resolve) => {
          if (state.pending || this.closed) {
            resolve();
            return;
          }
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            state.wake = undefined;
            resolve();
          }
          state.wake = done;
        }),
      dispose: () => {
        state.wake?.();
        this.waiters.delete(state);
      },
    };
  }

  /** Stops listening and wakes every waiter. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeAll();
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
