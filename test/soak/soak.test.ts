import { expect, fixture, html } from '@open-wc/testing';
import '../../src/passkey-elements.js';
import type { PasskeyButtonElement, PasskeyUserProfileElement } from '../../src/index.js';
import {
  addAuthenticator,
  backendUser,
  registerUser,
  removeAuthenticator,
  signOut,
  until,
} from '../helpers/authenticator.js';

const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

/** Bounded endurance runs against the reference backend through the elements. */
describe('soak', function () {
  this.timeout(10 * 60_000);
  let authenticatorId: string;
  let username: string;

  before(async () => {
    await signOut();
    authenticatorId = await addAuthenticator();
    ({ username } = await registerUser());
  });

  after(async () => {
    await removeAuthenticator(authenticatorId);
  });

  it('signs in 500 times in a row with no failure', async () => {
    const button = await fixture<PasskeyButtonElement>(
      html`<passkey-button endpoint="/api/passkeys"></passkey-button>`,
    );
    const outcomes: string[] = [];
    button.addEventListener('passkey-signed-in', () => outcomes.push('ok'));
    button.addEventListener('passkey-error', (e) => outcomes.push((e as CustomEvent<{ code: string }>).detail.code));
    const before = heap();

    for (let i = 0; i < 500; i++) await button.start();

    expect(outcomes.filter((o) => o !== 'ok')).to.deep.equal([]);
    expect(outcomes).to.have.length(500);
    const user = await backendUser(username);
    expect(user!.passkeys).to.have.length(1);
    // The authenticator's signature counter went up once per sign-in (plus the registration).
    expect(user!.passkeys[0]!.counter).to.be.at.least(500);
    expect(heap() - before).to.be.below(20 * 1024 * 1024);
  });

  it('adds, renames and deletes a passkey 200 times with the store consistent', async () => {
    // The first passkey stays on the server; new ones come from a fresh authenticator.
    await removeAuthenticator(authenticatorId);
    authenticatorId = await addAuthenticator();
    const profile = await fixture<PasskeyUserProfileElement>(
      html`<passkey-user-profile endpoint="/api/passkeys"></passkey-user-profile>`,
    );
    await until(() => profile.passkeys.length === 1, 'the list');
    const root = profile.shadowRoot!;
    const add = () => root.querySelector('passkey-button')!;
    const buttonIn = (scope: ParentNode, label: string) =>
      [...scope.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;
    const events: string[] = [];
    for (const type of ['passkey-registered', 'passkey-renamed', 'passkey-deleted', 'passkey-error']) {
      profile.addEventListener(type, (e) =>
        events.push(type === 'passkey-error' ? `error ${(e as CustomEvent<{ code: string }>).detail.code}` : type),
      );
    }
    const before = heap();

    for (let i = 0; i < 200; i++) {
      await add().start();
      await until(() => profile.passkeys.length === 2, `added #${i}`);
      const added = profile.passkeys[1]!;
      const row = root.querySelector(`[data-id="${CSS.escape(added.id)}"]`)!;
      buttonIn(row, 'Rename').click();
      await profile.updateComplete;
      const input = root.querySelector<HTMLInputElement>('[part="rename-input"]')!;
      input.value = `Cycle ${i}`;
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await until(() => events.filter((e) => e === 'passkey-renamed').length === i + 1, `renamed #${i}`);
      buttonIn(root.querySelector(`[data-id="${CSS.escape(added.id)}"]`)!, 'Delete').click();
      await until(() => Boolean(root.querySelector('[part="popover"]')), `confirmation #${i}`);
      buttonIn(root.querySelector('[part="popover"]')!, 'Delete').click();
      await until(() => events.filter((e) => e === 'passkey-deleted').length === i + 1, `deleted #${i}`);
    }

    expect(events.filter((e) => e.startsWith('error'))).to.deep.equal([]);
    expect(events).to.have.length(600);
    expect(profile.passkeys).to.have.length(1);
    expect((await backendUser(username))!.passkeys.map((p) => p.name)).to.deep.equal(['Passkey']);
    expect(heap() - before).to.be.below(20 * 1024 * 1024);
  });
});
