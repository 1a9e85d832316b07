import { html, type ReactiveElement, type TemplateResult } from 'lit';
import type { Passkey } from '../../adapters/types.js';
import type { LocalizeController } from '../../core/localize.js';

const MAX_NAME_LENGTH = 64;

/** After the next render, focuses a row's Rename or Delete button. */
export async function focusAction(host: ReactiveElement, id: string, action: 'rename' | 'delete'): Promise<void> {
  await host.updateComplete;
  host.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] [data-action="${action}"]`)?.focus();
}

/**
 * The inline name editor of one row at a time: Enter or Save keeps a valid
 * name, Escape or Cancel gives up, and focus goes back to the row's Rename
 * button either way. The host sends a changed name to the server.
 */
export class RenameController {
  /** The passkey being renamed, if any. Set it to undefined to close the editor without moving focus. */
  id: string | undefined;
  // `#` members: the bundle's minifier shortens them, as it may not public names.
  #error: string | undefined;
  readonly #host: ReactiveElement;
  readonly #loc: LocalizeController;
  readonly #save: (passkey: Passkey, name: string) => unknown;

  constructor(host: ReactiveElement, loc: LocalizeController, save: (passkey: Passkey, name: string) => unknown) {
    this.#host = host;
    this.#loc = loc;
    this.#save = save;
  }

  /** Opens the editor on a row, its name selected. */
  start(passkey: Passkey): void {
    this.id = passkey.id;
    this.#show();
    void this.#host.updateComplete.then(() => {
      const input = this.#input();
      input?.focus();
      input?.select();
    });
  }

  #show(error?: string): void {
    this.#error = error;
    this.#host.requestUpdate();
  }

  /** The editor's text box: the only input, and only one row is edited at a time. */
  #input(): HTMLInputElement | null {
    return this.#host.renderRoot.querySelector('input');
  }

  #close(id: string): void {
    this.id = undefined;
    this.#show();
    void focusAction(this.#host, id, 'rename');
  }

  #commit(passkey: Passkey, raw: string): void {
    const name = raw.trim();
    if (!name) this.#show(this.#loc.term('nameEmpty'));
    else if ([...name].length > MAX_NAME_LENGTH) this.#show(this.#loc.term('nameTooLong')(MAX_NAME_LENGTH));
    else {
      if (name !== passkey.name) this.#save(passkey, name);
      this.#close(passkey.id);
    }
  }

  #onKeydown(event: KeyboardEvent, passkey: Passkey): void {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      this.#commit(passkey, (event.target as HTMLInputElement).value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.#close(passkey.id);
    }
  }

  render(passkey: Passkey): TemplateResult {
    return html`<div class="editor">
      <input
        part="rename-input"
        class="input"
        .value=${passkey.name}
        aria-label=${this.#loc.term('nameLabel')}
        aria-invalid=${this.#error ? 'true' : 'false'}
        aria-describedby="name-error"
        maxlength=${MAX_NAME_LENGTH * 2}
        @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, passkey)}
        @input=${() => this.#error && this.#show()}
      />
      <button class="small primary" type="button" @click=${() => this.#commit(passkey, this.#input()!.value)}>
        ${this.#loc.term('save')}
      </button>
      <button class="small" type="button" @click=${() => this.#close(passkey.id)}>${this.#loc.term('cancel')}</button>
      <div id="name-error" class="name-error" role="alert">${this.#error ?? ''}</div>
    </div>`;
  }
}
