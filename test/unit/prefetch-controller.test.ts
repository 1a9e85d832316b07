import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PasskeyError } from '../../src/core/errors.js';
import { PrefetchController } from '../../src/core/prefetch-controller.js';

interface Options {
  challenge: string;
  timeout?: number;
}

/** A loader whose answers the test gives, one pending request at a time. */
function loader() {
  const requests: {
    key: string;
    signal: AbortSignal;
    answer(options: Options): void;
    fail(error: Error): void;
  }[] = [];
  const load = (key: string, signal: AbortSignal) =>
    new Promise<Options>((answer, fail) => requests.push({ key, signal, answer, fail }));
  return { load, requests };
}

const host = () => {
  const controllers: ReactiveController[] = [];
  return {
    controllers,
    addController: (c: ReactiveController) => controllers.push(c),
  } as unknown as ReactiveControllerHost & { controllers: ReactiveController[] };
};

/** Records the refresh timers the controller sets, without letting them run. */
function recordTimers() {
  const original = window.setTimeout;
  const delays: number[] = [];
  window.setTimeout = ((_fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return 0;
  }) as typeof window.setTimeout;
  return { delays, restore: () => (window.setTimeout = original) };
}

const settle = () => new Promise((r) => requestAnimationFrame(r));

describe('PrefetchController', () => {
  let timers: ReturnType<typeof recordTimers> | undefined;

  afterEach(() => {
    timers?.restore();
    timers = undefined;
  });

  it('fetches once per key and hands the options over when they arrive', async () => {
    const { load, requests } = loader();
    const prefetch = new PrefetchController<Options>(host(), load);

    prefetch.prefetch('ada');
    prefetch.prefetch('ada');
    expect(requests.map((r) => r.key)).to.deep.equal(['ada']);
    expect(prefetch.ready('ada')).to.equal(undefined);
    const coming = prefetch.coming('ada');
    expect(coming).to.be.instanceOf(Promise);

    requests[0].answer({ challenge: 'c1' });
    expect(await coming).to.deep.equal({ challenge: 'c1' });
    expect(prefetch.ready('ada')).to.deep.equal({ challenge: 'c1' });
    expect(prefetch.coming('ada')).to.deep.equal({ challenge: 'c1' });
    expect(prefetch.ready('bob')).to.equal(undefined);
    expect(prefetch.coming('bob')).to.equal(undefined);
  });

  it('aborts the request for another key when the key changes', () => {
    const { load, requests } = loader();
    const prefetch = new PrefetchController<Options>(host(), load);

    prefetch.prefetch('ada');
    prefetch.prefetch('bob');

    expect(requests.map((r) => [r.key, r.signal.aborted])).to.deep.equal([
      ['ada', true],
      ['bob', false],
    ]);
  });

  it('after a failed prefetch, asks again only once the user acted (resume) or a new adapter came (reset)', async () => {
    const { load, requests } = loader();
    const prefetch = new PrefetchController<Options>(host(), load);

    prefetch.prefetch();
    const coming = prefetch.coming();
    requests[0].fail(new Error('offline'));

    expect(await coming).to.equal(undefined);
    expect(prefetch.coming()).to.equal(undefined);
    // A hover, a focus and a refresh timer after the failure: no request.
    prefetch.prefetch();
    prefetch.prefetch();
    expect(requests).to.have.length(1);
    prefetch.resume();
    prefetch.prefetch();
    expect(requests).to.have.length(2);

    requests[1].fail(new Error('offline'));
    await settle();
    prefetch.prefetch();
    expect(requests).to.have.length(2);
    prefetch.reset();
    prefetch.prefetch();
    expect(requests).to.have.length(3);
  });

  /** A failed prefetch at t = 0 (with `error`), then whether prefetches at 29 s and just past 30 s ask the server. */
  async function askedAfterPause(error: Error, userActs: boolean): Promise<number[]> {
    const { load, requests } = loader();
    const prefetch = new PrefetchController<Options>(host(), load);
    const now = Date.now();
    const realNow = Date.now;
    const asked: number[] = [];
    try {
      Date.now = () => now;
      prefetch.prefetch();
      requests[0].fail(error);
      await settle();
      if (userActs) prefetch.resume();
      for (const at of [0, 29_000, 30_001]) {
        Date.now = () => now + at;
        prefetch.prefetch();
        asked.push(requests.length);
      }
    } finally {
      Date.now = realNow;
    }
    return asked;
  }

  it('after a failure with no Retry-After, prefetches again by itself after 30 s', async () => {
    expect(await askedAfterPause(new Error('offline for a moment'), false)).to.deep.equal([1, 1, 2]);
  });

  it('honours Retry-After: no prefetch before it passes, even after the user acted', async () => {
    const error = new PasskeyError('rate-limited', 'Slow down.', { retryAfter: 30 });
    expect(await askedAfterPause(error, true)).to.deep.equal([1, 1, 2]);
  });

  it('refreshes at 80% of the options’ lifetime, within 15 s and 5 min', async () => {
    timers = recordTimers();
    const { load, requests } = loader();
    const prefetch = new PrefetchController<Options>(host(), load);

    prefetch.prefetch();
    requests[0].answer({ challenge: 'c1', timeout: 60_000 });
    await settle();
    prefetch.renew();
    requests[1].answer({ challenge: 'c2', timeout: 1_000 });
    await settle();
    prefetch.renew();
    requests[2].answer({ challenge: 'c3' });
    await settle();

    expect(timers.delays).to.deep.equal([48_000, 12_000, 240_000]);
  });

  it('lets options lapse instead of refreshing them when asked to', async () => {
    timers = recordTimers();
    const { load, requests } = loader();
    const prefetch = new PrefetchController<Options>(host(), load, { keepFresh: false });

    prefetch.prefetch();
    requests[0].answer({ challenge: 'c1', timeout: 60_000 });
    await settle();

    expect(prefetch.ready()).to.deep.equal({ challenge: 'c1', timeout: 60_000 });
    expect(timers.delays).to.deep.equal([]);
  });

  it('tells each fresh set of options to onFresh', async () => {
    const { load, requests } = loader();
    const fresh: string[] = [];
    const prefetch = new PrefetchController<Options>(host(), load, { onFresh: (o) => fresh.push(o.challenge) });

    prefetch.prefetch();
    requests[0].answer({ challenge: 'c1' });
    await settle();
    prefetch.renew();
    requests[1].answer({ challenge: 'c2' });
    await settle();

    expect(fresh).to.deep.equal(['c1', 'c2']);
  });

  it('aborts what is on its way and forgets what is here when the host leaves the page', async () => {
    const { load, requests } = loader();
    const h = host();
    const prefetch = new PrefetchController<Options>(h, load);
    prefetch.prefetch('ada');
    requests[0].answer({ challenge: 'c1' });
    await settle();
    prefetch.prefetch('bob');

    h.controllers.forEach((c) => c.hostDisconnected?.());

    expect(requests[1].signal.aborted).to.equal(true);
    expect(prefetch.ready('ada')).to.equal(undefined);
    expect(prefetch.coming('bob')).to.equal(undefined);
  });
});
