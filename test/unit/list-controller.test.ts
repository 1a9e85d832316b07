import { expect } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import type { Passkey, PasskeyAdapter } from '../../src/adapters/types.js';
import type { PasskeyAction, PasskeyError } from '../../src/core/errors.js';
import { ListController, type ListHost } from '../../src/components/passkey-user-profile/list-controller.js';

const one: Passkey = { id: 'a', name: 'Laptop', createdAt: '2024-01-01T00:00:00.000Z' };
const two: Passkey = { id: 'b', name: 'Phone', createdAt: '2024-01-02T00:00:00.000Z' };

/** An adapter call the test answers (or fails) when it likes. */
function deferred<T>() {
  let answer!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((a, f) => ((answer = a), (fail = f)));
  return { promise, answer, fail };
}

/** A host with only what the controller uses, and the failures it was told of. */
function setUp(calls: Partial<PasskeyAdapter>) {
  const adapter = calls as PasskeyAdapter;
  const controllers: ReactiveController[] = [];
  const failures: [string, PasskeyAction][] = [];
  const host = {
    passkeys: [] as Passkey[],
    isConnected: true as boolean,
    addController: (c: ReactiveController) => controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  } satisfies ListHost;
  const list = new ListController(host, {
    adapter: () => adapter,
    failed: (error: PasskeyError, action) => failures.push([error.code, action]),
  });
  return { host, list, failures, controllers };
}

const flush = () => new Promise((resolve) => setTimeout(resolve));

describe('ListController', () => {
  describe('when a load is superseded or the host leaves', () => {
    it('drops the older load and keeps the newer one’s rows', async () => {
      const calls: ReturnType<typeof deferred<Passkey[]>>[] = [];
      const signals: AbortSignal[] = [];
      const { host, list } = setUp({
        listPasskeys: ({ signal }) => {
          signals.push(signal!);
          const call = deferred<Passkey[]>();
          calls.push(call);
          return call.promise;
        },
      });

      const first = list.load();
      const second = list.load();
      calls[1].answer([two]);
      calls[0].answer([one]);
      await Promise.all([first, second]);

      expect(signals[0].aborted).to.equal(true);
      expect(host.passkeys.map((p) => p.id)).to.deep.equal(['b']);
      expect(list.status).to.equal('ready');
    });

    it('aborts the load when the adapter goes away, and waits in loading', () => {
      const signals: AbortSignal[] = [];
      const { list, controllers } = setUp({
        listPasskeys: ({ signal }) => (signals.push(signal!), new Promise(() => undefined)),
      });

      void list.load();
      list.adapterChanged(undefined);

      expect(signals[0].aborted).to.equal(true);
      expect(list.status).to.equal('loading');
      controllers[0].hostDisconnected!(); // no missing-adapter warning later, in another test
    });

    it('clears another adapter’s rows, keeps the same adapter’s', async () => {
      const adapter = { listPasskeys: async () => [one] } as unknown as PasskeyAdapter;
      const { host, list } = setUp(adapter);
      await list.load();

      list.adapterChanged(adapter);
      expect(host.passkeys.length).to.equal(1);
      list.adapterChanged({ listPasskeys: async () => [] } as unknown as PasskeyAdapter);
      expect(host.passkeys.length).to.equal(0);
    });

    it('warns when no adapter came within two seconds, not when one came in time', async () => {
      const warnings: unknown[] = [];
      const warn = console.warn;
      console.warn = (message: unknown) => warnings.push(message);
      try {
        const waiting = setUp({}).list;
        const served = setUp({}).list;
        waiting.adapterChanged(undefined);
        served.adapterChanged(undefined);
        served.adapterChanged({ listPasskeys: async () => [] } as unknown as PasskeyAdapter);
        await new Promise((resolve) => setTimeout(resolve, 2100));
      } finally {
        console.warn = warn;
      }

      expect(warnings).to.have.length(1);
      expect(String(warnings[0])).to.contain('`adapter` property');
    });

    it('aborts the load and the requests in flight when the host disconnects', () => {
      const signals: AbortSignal[] = [];
      const hang = ({ signal }: { signal?: AbortSignal }) => (
        signals.push(signal!),
        new Promise<never>(() => undefined)
      );
      const { host, list, controllers } = setUp({
        listPasskeys: hang,
        renamePasskey: (_id, _name, ctx) => hang(ctx),
      });
      host.passkeys = [one];

      void list.load();
      void list.rename(one, 'Work laptop');
      controllers[0].hostDisconnected!();

      expect(signals.map((s) => s.aborted)).to.deep.equal([true, true]);
    });

    it('keeps the rows shown when a reload fails, and reports it', async () => {
      const { host, list, failures } = setUp({ listPasskeys: async () => Promise.reject(new Error('offline')) });
      host.passkeys = [one];

      await list.load();

      expect([list.status, host.passkeys.length, failures.length]).to.deep.equal(['ready', 1, 1]);
      expect(failures[0][1]).to.equal('list');
    });

    it('shows the error state when the first load fails', async () => {
      const { list } = setUp({ listPasskeys: async () => Promise.reject(new Error('offline')) });

      await list.load();

      expect(list.status).to.equal('error');
      expect(list.error?.code).to.be.a('string');
    });
  });

  describe('when renaming', () => {
    it('shows the new name at once and rolls it back when the server refuses', async () => {
      const call = deferred<Passkey>();
      const { host, list, failures } = setUp({ renamePasskey: () => call.promise });
      host.passkeys = [one, two];

      const renaming = list.rename(one, 'Work laptop');
      expect(host.passkeys[0].name).to.equal('Work laptop');
      call.fail(new Error('refused'));

      expect(await renaming).to.equal(undefined);
      expect(host.passkeys.map((p) => p.name)).to.deep.equal(['Laptop', 'Phone']);
      expect(failures.map(([, action]) => action)).to.deep.equal(['rename']);
    });

    it('keeps the name the server saved', async () => {
      const { host, list } = setUp({ renamePasskey: async (id, name) => ({ ...one, id, name: `${name}!` }) });
      host.passkeys = [one];

      const saved = await list.rename(one, 'Work laptop');

      expect(saved?.name).to.equal('Work laptop!');
      expect(host.passkeys[0].name).to.equal('Work laptop!');
    });

    it('neither rolls back nor reports once the host has left', async () => {
      const call = deferred<Passkey>();
      const { host, list, failures } = setUp({ renamePasskey: () => call.promise });
      host.passkeys = [one];

      const renaming = list.rename(one, 'Work laptop');
      host.isConnected = false;
      call.fail(new Error('refused'));
      await renaming;

      expect([host.passkeys[0].name, failures.length]).to.deep.equal(['Work laptop', 0]);
    });
  });

  describe('when deleting', () => {
    it('removes the row at once and puts it back in place when the server refuses', async () => {
      const call = deferred<void>();
      const three: Passkey = { ...two, id: 'c', name: 'Key' };
      const { host, list, failures } = setUp({ deletePasskey: () => call.promise });
      host.passkeys = [one, two, three];

      const deleting = list.remove(two);
      expect(host.passkeys.map((p) => p.id)).to.deep.equal(['a', 'c']);
      await flush();
      call.fail(new Error('refused'));

      expect(await deleting).to.equal(false);
      expect(host.passkeys.map((p) => p.id)).to.deep.equal(['a', 'b', 'c']);
      expect(failures.map(([, action]) => action)).to.deep.equal(['delete']);
    });

    it('resolves true and keeps the row gone when the server deleted it', async () => {
      const { host, list } = setUp({ deletePasskey: async () => undefined });
      host.passkeys = [one, two];

      expect(await list.remove(one)).to.equal(true);
      expect(host.passkeys.map((p) => p.id)).to.deep.equal(['b']);
    });

    it('does nothing for a passkey no longer listed', async () => {
      let calls = 0;
      const { host, list } = setUp({ deletePasskey: async () => void calls++ });
      host.passkeys = [two];

      expect(await list.remove(one)).to.equal(false);
      expect(calls).to.equal(0);
    });
  });

  describe('busy tracking', () => {
    it('marks a row busy while its request is in flight, and clears it after, success or failure', async () => {
      const rename = deferred<Passkey>();
      const remove = deferred<void>();
      const { host, list } = setUp({ renamePasskey: () => rename.promise, deletePasskey: () => remove.promise });
      host.passkeys = [one, two];

      const renaming = list.rename(one, 'Work laptop');
      const deleting = list.remove(two);
      await flush();
      expect([list.busy('a'), list.busy('b')]).to.deep.equal([true, true]);

      rename.answer({ ...one, name: 'Work laptop' });
      await renaming;
      expect([list.busy('a'), list.busy('b')]).to.deep.equal([false, true]);

      remove.fail(new Error('refused'));
      await deleting;
      expect(list.busy('b')).to.equal(false);
    });
  });
});
