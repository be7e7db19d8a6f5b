import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { IncomingMessage, ServerResponse } from 'node:http';

import type { LogFields } from '@proj/application';

/** A request's or a response's stream: the emitters whose listeners a scope binds. */
type RequestStream = IncomingMessage | ServerResponse;

/** What the scope of one request holds. */
interface RequestScopeState {
  readonly owner: AsyncLocalRequestScope;
  readonly fields: LogFields;
  /** The request's streams: listeners added to them inside the scope run in `context`. */
  readonly streams: readonly RequestStream[];
  /**
   * The scope's async context (every `AsyncLocalStorage`'s store where the first listener was added
   * inside the scope), made when a listener first needs it.
   */
  context: AsyncResource | undefined;
}

type Listener = (...args: unknown[]) => unknown;
type AddListener = (this: RequestStream, event: string | symbol, listener: Listener) => RequestStream;

/**
 * One storage for every scope: the listener methods patched on the prototypes (below) read it, and
 * each state names the scope that opened it.
 */
const storage = new AsyncLocalStorage<RequestScopeState>();

/**
 * The scope of one request, carried by an `AsyncLocalStorage` through every callback, promise and
 * timer the request starts, whichever layer starts it (decisions 0103, 0106). The logger asks it for the
 * fields of the request being served (`request_id`) and adds them to every line; work that outlives
 * the response (a background retry) keeps them, because it was started inside the scope.
 *
 * Listeners added to the request's own streams inside the scope (a body parser's `data` and `end`,
 * a `close` handler of the response) run in the scope too: those events come from the connection,
 * which was opened before the request and knows nothing of it. The listener methods of
 * `IncomingMessage` and `ServerResponse` are patched once, on their prototypes, to do this
 * (decision 0106): a request object gets no property of its own from the scope.
 */
export class AsyncLocalRequestScope {
  constructor() {
    patchRequestStreams();
  }

  /**
   * Runs `work` in a new scope whose log lines carry `request_id: requestId`. Listeners that are
   * added to `streams` from within the scope run within it.
   */
  run(requestId: string, streams: readonly RequestStream[], work: () => void): void {
    storage.run({ owner: this, fields: { request_id: requestId }, streams, context: undefined }, work);
  }

  /** The fields of the request being served here, or undefined outside any request. */
  readonly fields = (): LogFields | undefined => {
    const state = storage.getStore();
    return state?.owner === this ? state.fields : undefined;
  };
}

/** The state of the scope `stream`'s listeners are added in, when it is one of that scope's streams. */
function scopeOf(stream: RequestStream): RequestScopeState | undefined {
  const state = storage.getStore();
  return state !== undefined && state.streams.includes(stream) ? state : undefined;
}

/** The scope's async context, made the first time a listener needs it (inside the scope, so it carries it). */
function contextOf(state: RequestScopeState): AsyncResource {
  state.context ??= new AsyncResource('RequestScope');
  return state.context;
}

/**
 * `listener`, run in the scope's context. The wrapper names the listener as `listener`, as Node's
 * own `once` wrappers do, so that `removeListener(event, listener)` finds it and `listeners()`
 * answers the listener itself.
 */
function inScope(state: RequestScopeState, listener: Listener): Listener {
  const context = contextOf(state);
  const wrapper = function inRequestScope(this: unknown, ...args: unknown[]): unknown {
    return context.runInAsyncScope(listener, this, ...args);
  };
  return named(wrapper, listener);
}

/** `wrapper`, naming the listener it wraps as Node's `removeListener` and `listeners()` look for it. */
function named(wrapper: Listener, listener: Listener): Listener {
  (wrapper as Listener & { listener: Listener }).listener = listener;
  return wrapper;
}

/** Like `inScope`, for a listener that runs once: it removes itself before it runs, as Node's `once` does. */
function onceInScope(state: RequestScopeState, stream: RequestStream, event: string | symbol, listener: Listener): Listener {
  const context = contextOf(state);
  let fired = false;
  const wrapper = function inRequestScopeOnce(this: unknown, ...args: unknown[]): unknown {
    if (fired) return undefined;
    fired = true;
    stream.removeListener(event, wrapper);
    return context.runInAsyncScope(listener, stream, ...args);
  };
  return named(wrapper, listener);
}

/** The methods that add a listener, and those that add one for one event only (with the method that adds it for every event). */
const ADDING = ['on', 'addListener', 'prependListener'] as const;
const ADDING_ONCE = new Map([
  ['once', 'on'],
  ['prependOnceListener', 'prependListener'],
] as const);

let patched = false;

/**
 * Patches `on`, `addListener`, `prependListener`, `once` and `prependOnceListener` of
 * `IncomingMessage` and `ServerResponse` (Express's request and response inherit them), once per
 * process. Outside a scope, or for a stream that is not the scope's, they are the methods they
 * replace plus one `getStore()`. Removing needs no patch: Node's `removeListener` also matches a
 * wrapper's `listener` property.
 */
function patchRequestStreams(): void {
  if (patched) return;
  patched = true;
  for (const prototype of [IncomingMessage.prototype, ServerResponse.prototype]) {
    const methods = prototype as unknown as Record<string, AddListener>;
    // Every original is read before any is replaced: `once` is built on the original `on`.
    const originals = new Map([...ADDING, ...ADDING_ONCE.keys()].map((name) => [name, methods[name] as AddListener]));
    const original = (name: (typeof ADDING)[number] | 'once' | 'prependOnceListener'): AddListener => originals.get(name) as AddListener;
    for (const name of ADDING) {
      const add = original(name);
      methods[name] = function addInScope(event, listener) {
        const state = typeof listener === 'function' ? scopeOf(this) : undefined;
        return add.call(this, event, state === undefined ? listener : inScope(state, listener));
      };
    }
    for (const [name, adder] of ADDING_ONCE) {
      const addOnce = original(name);
      const add = original(adder);
      methods[name] = function addOnceInScope(event, listener) {
        const state = typeof listener === 'function' ? scopeOf(this) : undefined;
        if (state === undefined) return addOnce.call(this, event, listener);
        return add.call(this, event, onceInScope(state, this, event, listener));
      };
    }
  }
}
