import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';

import type { LogFields } from '@proj/application';

/** What the scope of one request holds. */
interface RequestScopeState {
  readonly fields: LogFields;
}

type Listener = (...args: unknown[]) => void;

const ADDING_METHODS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVING_METHODS = ['off', 'removeListener'] as const;

/**
 * The scope of one request, carried by an `AsyncLocalStorage` through every callback, promise and
 * timer the request starts, whichever layer starts it (decision 0103). The logger asks it for the
 * fields of the request being served (`request_id`) and adds them to every line; work that outlives
 * the response (a background retry) keeps them, because it was started inside the scope.
 *
 * Listeners added to the request's own streams inside the scope (a body parser's `data` and `end`,
 * a `close` handler of the response) run in the scope too: those events come from the connection,
 * which was opened before the request and knows nothing of it.
 */
export class AsyncLocalRequestScope {
  readonly #storage = new AsyncLocalStorage<RequestScopeState>();

  /**
   * Runs `work` in a new scope whose log lines carry `request_id: requestId`. Listeners that are
   * added to `emitters` from within the scope run within it.
   */
  run(requestId: string, emitters: readonly EventEmitter[], work: () => void): void {
    this.#storage.run({ fields: { request_id: requestId } }, () => {
      if (emitters.length > 0) {
        const resource = new AsyncResource('RequestScope');
        for (const emitter of emitters) bindListeners(emitter, resource);
      }
      work();
    });
  }

  /** The fields of the request being served here, or undefined outside any request. */
  readonly fields = (): LogFields | undefined => this.#storage.getStore()?.fields;
}

/**
 * Makes the listeners added to `emitter` from now on run in `resource`'s async context (the scope's).
 * A listener is removed by the function that was added, as usual.
 */
function bindListeners(emitter: EventEmitter, resource: AsyncResource): void {
  const bound = new WeakMap<Listener, Listener>();
  const bind = (listener: Listener): Listener => {
    let wrapper = bound.get(listener);
    if (wrapper === undefined) {
      wrapper = function inRequestScope(this: unknown, ...args: unknown[]): void {
        resource.runInAsyncScope(listener, this, ...args);
      };
      bound.set(listener, wrapper);
    }
    return wrapper;
  };
  const target = emitter as unknown as Record<string, (event: string | symbol, listener: Listener) => EventEmitter>;
  for (const name of ADDING_METHODS) {
    const original = target[name];
    if (original === undefined) continue;
    target[name] = function addBound(this: EventEmitter, event, listener) {
      return original.call(this, event, bind(listener));
    };
  }
  for (const name of REMOVING_METHODS) {
    const original = target[name];
    if (original === undefined) continue;
    target[name] = function removeBound(this: EventEmitter, event, listener) {
      return original.call(this, event, bound.get(listener) ?? listener);
    };
  }
}
