import { html, nothing, render, type TemplateResult } from 'lit';
import type { Passkey } from '../../adapters/types.js';
import type { LocalizeController } from '../../core/localize.js';
import type { PopoverController } from '../../core/popover-controller.js';
import { kindIcons } from '../shared/icons.js';
import { fullDate, parseDate, passkeyKind, relativeTime, type PasskeyKind } from './format.js';
import type { ListController } from './list-controller.js';
import type { RenameController } from './rename-controller.js';

/** What a row takes from its profile: its controllers, and what only the profile knows. */
export interface RowContext {
  loc: LocalizeController;
  list: ListController;
  rename: RenameController;
  popovers: PopoverController;
  /** The provider's name and icon, from the page's `authenticators` or the bundled names. */
  provider(passkey: Passkey): { name?: string | undefined; icon?: string | undefined };
  /** Whether the adapter can, and the profile may, rename or delete. */
  can(what: 'rename' | 'delete'): boolean;
  askDelete(passkey: Passkey, anchor: HTMLElement): void;
  confirmDelete(passkey: Passkey): void;
}

/**
 * Puts each passkey's own `<li>` in the list, in order, moving a row only when
 * the order changed: a row above that comes or goes leaves the others where
 * they are, with their focus and a rename being typed. (Lit's `repeat` does
 * the same for any reordering, at twice the bytes.)
 */
export function syncRows(
  list: HTMLElement | null,
  rows: Map<string, HTMLLIElement>,
  passkeys: Passkey[],
  c: RowContext,
): void {
  const ids = new Set(passkeys.map((p) => p.id));
  for (const [id, row] of rows) {
    if (list && ids.has(id)) continue;
    rows.delete(id);
    row.remove();
  }
  if (!list) return;
  let next = list.firstElementChild;
  for (const passkey of passkeys) {
    let row = rows.get(passkey.id);
    if (!row) {
      rows.set(passkey.id, (row = document.createElement('li')));
      row.setAttribute('part', 'row');
      row.className = 'row';
      row.dataset.id = passkey.id;
    }
    if (c.list.busy(passkey.id)) row.setAttribute('aria-busy', 'true');
    else row.removeAttribute('aria-busy');
    render(renderRow(c, passkey, ids.size), row);
    if (row === next) next = row.nextElementSibling;
    else list.insertBefore(row, next);
  }
}

function renderTime(
  lang: string,
  date: Date | undefined,
  label: (when: string) => string,
): TemplateResult | typeof nothing {
  if (!date) return nothing;
  const full = fullDate(date, lang);
  return html`<time datetime=${date.toISOString()} title=${full} data-full=${full} tabindex="0"
    >${label(relativeTime(date, lang))}</time
  >`;
}

export function renderRow(c: RowContext, passkey: Passkey, count: number): TemplateResult {
  const kind: PasskeyKind = passkeyKind(passkey);
  const kindLabel = c.loc.term(
    kind === 'synced' ? 'kindSynced' : kind === 'security-key' ? 'kindSecurityKey' : 'kindDevice',
  );
  const { name: provider, icon } = c.provider(passkey);
  const editing = c.rename.id === passkey.id;
  // A server that stored no name still gets a row the user can tell apart.
  const name = passkey.name || provider || kindLabel;
  const nameId = `name-${passkey.id}`;
  const lastUsed = parseDate(passkey.lastUsedAt);
  return html`
    <span part="provider-icon" class="kind" title=${provider ?? kindLabel}>
      ${icon ? html`<img src=${icon} alt="" width="24" height="24" />` : kindIcons[kind]}
    </span>
    <div class="main">
      ${
        editing
          ? c.rename.render(passkey)
          : html`<div class="title">
              <span part="name" class="name" id=${nameId} tabindex="-1" title=${name}>${name}</span>
              ${
                // Only a passkey that does not sync is marked (FIDO Alliance and Google guidance).
                kind === 'synced'
                  ? nothing
                  : html`<span part="badge" class="badge"
                      >${c.loc.term(kind === 'device' ? 'deviceBound' : 'kindSecurityKey')}</span
                    >`
              }
            </div>`
      }
      <div part="meta" class="meta">
        <span
          >${
            // Unknown provider: "Passkey"; the kind is the marker's to say, not said twice.
            provider ?? c.loc.term('kindSynced')
          }</span
        >
        ${renderTime(c.loc.lang, parseDate(passkey.createdAt), c.loc.term('created'))}
        ${lastUsed ? renderTime(c.loc.lang, lastUsed, c.loc.term('lastUsed')) : html`<span>${c.loc.term('neverUsed')}</span>`}
      </div>
    </div>
    ${
      editing
        ? nothing
        : html`<div part="actions" class="actions">
            ${
              c.can('rename')
                ? html`<button
                    part="action"
                    class="small"
                    type="button"
                    data-action="rename"
                    aria-describedby=${nameId}
                    @click=${() => (c.popovers.close(false), c.rename.start(passkey))}
                  >
                    ${c.loc.term('rename')}
                  </button>`
                : nothing
            }
            ${
              c.can('delete')
                ? html`<button
                    part="action"
                    class="small danger"
                    type="button"
                    data-action="delete"
                    aria-describedby=${nameId}
                    aria-haspopup="dialog"
                    aria-expanded=${c.popovers.openFor === passkey.id ? 'true' : 'false'}
                    @click=${(e: Event) => c.askDelete(passkey, e.currentTarget as HTMLElement)}
                  >
                    ${c.loc.term('delete')}
                  </button>`
                : nothing
            }
          </div>`
    }
    ${c.popovers.openFor === passkey.id ? renderDeleteConfirmation(c, passkey, count) : nothing}
  `;
}

function renderDeleteConfirmation(c: RowContext, passkey: Passkey, count: number): TemplateResult {
  return html`<div
    part="popover"
    class="popover"
    role="alertdialog"
    aria-modal="true"
    aria-labelledby="confirm-title"
    aria-describedby="confirm-body"
  >
    <p id="confirm-title" class="popover-title">${c.loc.term('deleteTitle')}</p>
    <div id="confirm-body">
      <p>${c.loc.term('deleteBody')(passkey.name)}</p>
      ${
        // A security key is no password manager's: nothing is kept elsewhere to warn about.
        c.list.removesFromManager || passkeyKind(passkey) === 'security-key'
          ? nothing
          : html`<p>${c.loc.term('deleteKeptInManager')}</p>`
      }
      ${count === 1 ? html`<p class="warning">${c.loc.term('deleteLastWarning')}</p>` : nothing}
    </div>
    <div class="popover-actions">
      <button class="small" type="button" data-autofocus @click=${() => c.popovers.close()}>
        ${c.loc.term('cancel')}
      </button>
      <button part="confirm" class="small danger-solid" type="button" @click=${() => c.confirmDelete(passkey)}>
        ${c.loc.term('delete')}
      </button>
    </div>
  </div>`;
}
