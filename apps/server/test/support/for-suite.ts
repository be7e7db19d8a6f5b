/**
 * Something a `describe` uses from its first test to its last: `start` runs in a `before` hook
 * (with the suite, for a `this.skip()`) and `stop` in an `after` hook that this registers. The
 * answer stands for what `start` gave: read and set its members in hooks and tests, not while the
 * suite is declared.
 */
export function forSuite<T extends object>(start: (suite: Mocha.Context) => Promise<T>, stop: (started: T) => Promise<void>): T {
  let started: T | undefined;
  before(async function () {
    started = await start(this);
  });
  after(async () => {
    if (started) await stop(started);
    started = undefined;
  });
  const running = (): T => {
    if (!started) throw new Error('used outside the hooks and tests of the suite that starts it');
    return started;
  };
  return new Proxy({} as T, {
    get: (_target, member) => {
      const started = running();
      const value: unknown = Reflect.get(started, member);
      // A class's methods run on the started object itself, whose private fields a stand-in does not
      // have; an own property (a closure, an Express app) is given as it is.
      return typeof value === 'function' && !Object.hasOwn(started, member) ? (value.bind(started) as unknown) : value;
    },
    set: (_target, member, value) => Reflect.set(running(), member, value),
  });
}
