// What the sign-in and sign-up cards share besides their styles: the same-origin
// redirect after success, and the light-DOM fields.

/** Resolves `target` against the page; undefined unless it is same-origin http(s). */
function sameOriginUrl(target: string): URL | undefined {
  try {
    const url = new URL(target, location.href);
    return url.origin === location.origin && /^https?:$/.test(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Goes on to `target` after a sign-in or sign-up. Only same-origin: a
 * compromised or confused server must not send the user elsewhere. Returns
 * false (and warns) when it refused.
 */
export function followRedirect(tag: string, target: string): boolean {
  const url = sameOriginUrl(target);
  if (url) location.assign(url.href);
  else console.warn(`${tag}: not following the redirect to another origin (${target}).`);
  return Boolean(url);
}

/**
 * The page's `<input slot="…">` in `host`, or one made there: in the light
 * DOM, where password managers and the browser's autofill can see it.
 */
export function slottedInput(host: HTMLElement, slot: string, autocomplete: string): HTMLInputElement {
  let input = host.querySelector<HTMLInputElement>(`:scope > input[slot="${slot}"]`);
  if (!input) {
    input = document.createElement('input');
    input.slot = input.name = slot;
    input.type = 'text';
    input.setAttribute('autocomplete', autocomplete);
    if (slot === 'username') {
      input.autocapitalize = 'none';
      input.spellcheck = false;
    }
    host.append(input);
  }
  return input;
}
