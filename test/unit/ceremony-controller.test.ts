import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CeremonyController } from '../../src/core/ceremony-controller.js';
import { PasskeyError } from '../../src/core/errors.js';

/** A host that records its controllers and counts update requests. */
const host = () => {
  const controllers: ReactiveController[] = [];
  const fake = {
    controllers,
    updates: 0,
    addController: (c: ReactiveController) => controllers.push(c),
    requestUpdate: () => fake.updates++,
  };
  return fake as typeof fake & ReactiveControllerHost;
};

/** Work that settles when the test says, and shows the signal it was given. */
function deferred<T>() {
  const work: { signal?: AbortSignal; calls: number; resolve(value: T): void; reject(error: unknown): void } = {
    calls: 0,
    resolve: () => {},
    reject: () => {},
  };
  const run = (signal: AbortSignal) => {
    work.calls++;
    work.signal = signal;
    return new Promise<T>((resolve, reject) => Object.assign(work, { resolve, reject }));
  };
  return { work, run };
}

describe('CeremonyController', () => {
  it('registers with its host and starts idle', () => {
    const h = host();
    const ceremony = new CeremonyController<string>(h);

    expect(h.controllers).to.deep.equal([ceremony]);
    expect(ceremony.status).to.equal('idle');
    expect(ceremony.pending).to.equal(false);
    expect(ceremony.error).to.equal(undefined);
  });

  describe('when the work succeeds', () => {
    it('is pending while it runs, then resolves to its value', async () => {
      const h = host();
      const ceremony = new CeremonyController<string>(h);
      const { work, run } = deferred<string>();

      const outcome = ceremony.run(run);
      expect(ceremony.status).to.equal('pending');
      expect(ceremony.pending).to.equal(true);
      expect(h.updates).to.equal(1);
      work.resolve('signed in');

      expect(await outcome).to.deep.equal({ value: 'signed in' });
      expect(ceremony.status).to.equal('success');
      expect(ceremony.pending).to.equal(false);
      expect(ceremony.error).to.equal(undefined);
      expect(h.updates).to.equal(2);
    });
  });

  describe('when the work fails', () => {
    it('resolves (never rejects) to a PasskeyError and keeps it', async () => {
      const ceremony = new CeremonyController<string>(host());
      const error = new PasskeyError('cancelled', 'Dismissed.');

      const outcome = await ceremony.run(() => Promise.reject(error));

      expect(outcome).to.deep.equal({ error });
      expect(ceremony.status).to.equal('error');
      expect(ceremony.error).to.equal(error);
    });

    it('wraps anything else as `unknown`, the original as its cause', async () => {
      const ceremony = new CeremonyController<string>(host());
      const thrown = new RangeError('out of range');

      const outcome = await ceremony.run(() => Promise.reject(thrown));

      const error = (outcome as { error: PasskeyError }).error;
      expect(error).to.be.instanceOf(PasskeyError);
      expect(error.code).to.equal('unknown');
      expect(error.cause).to.equal(thrown);
      expect(ceremony.error).to.equal(error);
    });

    it('forgets the error when the next run starts', async () => {
      const ceremony = new CeremonyController<string>(host());
      await ceremony.run(() => Promise.reject(new PasskeyError('network', 'Offline.')));
      const { work, run } = deferred<string>();

      const next = ceremony.run(run);
      expect(ceremony.error).to.equal(undefined);
      work.resolve('ok');
      await next;

      expect(ceremony.status).to.equal('success');
    });
  });

  describe('when a run is pending', () => {
    it('ignores a second run (a double click): not started, resolves to undefined', async () => {
      const ceremony = new CeremonyController<string>(host());
      const first = deferred<string>();
      const second = deferred<string>();

      const outcome = ceremony.run(first.run);
      const ignored = ceremony.run(second.run);

      expect(await ignored).to.equal(undefined);
      expect(second.work.calls).to.equal(0);
      expect(ceremony.status).to.equal('pending');
      first.work.resolve('first');
      expect(await outcome).to.deep.equal({ value: 'first' });
      expect(first.work.signal!.aborted).to.equal(false);
    });

    it('still ignores new runs after abort(), until the aborted one settles', async () => {
      const ceremony = new CeremonyController<string>(host());
      const first = deferred<string>();
      const outcome = ceremony.run(first.run);

      ceremony.abort();
      const ignored = await ceremony.run(deferred<string>().run);
      first.work.reject(new PasskeyError('aborted', 'Stopped.'));
      await outcome;

      expect(ignored).to.equal(undefined);
      expect(ceremony.status).to.equal('error');
      expect(ceremony.error?.code).to.equal('aborted');
    });

    it('starts the next run once the pending one settled, with a fresh signal', async () => {
      const ceremony = new CeremonyController<string>(host());
      const first = deferred<string>();
      const second = deferred<string>();
      const outcome = ceremony.run(first.run);
      ceremony.abort();
      first.work.reject(new PasskeyError('aborted', 'Stopped.'));
      await outcome;

      const next = ceremony.run(second.run);
      second.work.resolve('second');

      expect(await next).to.deep.equal({ value: 'second' });
      expect(second.work.calls).to.equal(1);
      expect(second.work.signal!.aborted).to.equal(false);
    });
  });

  describe('abort()', () => {
    it('aborts the signal handed to the pending work', () => {
      const ceremony = new CeremonyController<string>(host());
      const { work, run } = deferred<string>();
      void ceremony.run(run);

      ceremony.abort();

      expect(work.signal!.aborted).to.equal(true);
    });

    it('does nothing without a pending run, nor to a finished one', async () => {
      const ceremony = new CeremonyController<string>(host());
      ceremony.abort();
      let signal: AbortSignal | undefined;
      await ceremony.run(async (s) => ((signal = s), 'done'));

      ceremony.abort();

      expect(signal!.aborted).to.equal(false);
      expect(ceremony.status).to.equal('success');
    });

    it('happens when the host leaves the page', () => {
      const h = host();
      const ceremony = new CeremonyController<string>(h);
      const { work, run } = deferred<string>();
      void ceremony.run(run);

      h.controllers.forEach((c) => c.hostDisconnected?.());

      expect(work.signal!.aborted).to.equal(true);
    });
  });

  describe('reset()', () => {
    it('forgets a failure: idle again, no error, and the host re-renders', async () => {
      const h = host();
      const ceremony = new CeremonyController<string>(h);
      await ceremony.run(() => Promise.reject(new PasskeyError('cancelled', 'no')));
      const updates = h.updates;

      ceremony.reset();

      expect(ceremony.status).to.equal('idle');
      expect(ceremony.error).to.equal(undefined);
      expect(h.updates).to.equal(updates + 1);
    });

    it('leaves a pending run alone', () => {
      const h = host();
      const ceremony = new CeremonyController<string>(h);
      void ceremony.run(deferred<string>().run);

      ceremony.reset();

      expect(ceremony.status).to.equal('pending');
    });
  });

  it('keeps its state to itself: status and error cannot be set from outside', async () => {
    const ceremony = new CeremonyController<string>(host());
    await ceremony.run(() => Promise.reject(new PasskeyError('cancelled', 'no')));
    const writable = ceremony as unknown as { status: string; error: unknown };

    expect(() => (writable.status = 'success')).to.throw(TypeError);
    expect(() => (writable.error = undefined)).to.throw(TypeError);
    expect(ceremony.status).to.equal('error');
    expect(ceremony.error).to.have.property('code', 'cancelled');
  });
});
