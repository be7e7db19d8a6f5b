/**
 * Moves an adapter's time forward by `ms`, so that a contract can test expiry without waiting: a
 * fake clock's `advance`, or, for a store that keeps its own time, the same shift applied to what
 * it stored.
 */
export type Elapse = (ms: number) => Promise<void>;
