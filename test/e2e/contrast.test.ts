// Text on the accent stays readable whatever accent a designer picks: with
// only `--passkey-color-accent` set, the text on it (and on its hover colour)
// is black or white, whichever reads, and links are darkened or lightened
// until they read on the surface. Colours measured as painted, in sRGB.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/passkey-button.js';
import '../../src/passkey-sign-in.js';
import { listAdapter } from '../helpers/layout.js';
import { until } from '../helpers/authenticator.js';

const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
/** A CSS colour as 8-bit sRGB, the way it is painted. */
function rgb(colour: string): [number, number, number] {
  canvas.clearRect(0, 0, 1, 1);
  canvas.fillStyle = colour;
  canvas.fillRect(0, 0, 1, 1);
  const [r, g, b] = canvas.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}
const luminance = (colour: string) => {
  const [r, g, b] = rgb(colour).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
export const ratio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// A light yellow, a mid blue, a dark red, the hardest middle greys and greens, and a spread of hues.
const ACCENTS = [
  '#fde047',
  '#3b82f6',
  '#991b1b',
  '#767676',
  '#777777',
  '#808080',
  '#22c55e',
  '#0ea5e9',
  '#f97316',
  '#ec4899',
  '#a855f7',
  '#14b8a6',
  '#ffffff',
  '#000000',
  '#ff0000',
  '#00ff00',
  '#0000ff',
];

const paint = (el: Element) => {
  const style = getComputedStyle(el);
  return { background: style.backgroundColor, text: style.color };
};

describe('colour contrast with a custom accent', () => {
  const lowest: Record<string, number> = {};
  const note = (what: string, value: number) => (lowest[what] = Math.min(lowest[what] ?? Infinity, value));
  afterEach(() => sendMouse({ type: 'move', position: [0, 0] }));
  after(() =>
    console.log(
      `lowest ratios: ${Object.entries(lowest)
        .map(([what, v]) => `${what} ${v.toFixed(2)}`)
        .join(', ')}`,
    ),
  );

  for (const theme of ['light', 'dark'])
    for (const accent of ACCENTS)
      it(`${accent}, ${theme}: button text and links stay at 4.5:1 or more`, async () => {
        const wrapper = await fixture(
          html`<div style="--passkey-color-accent: ${accent}; padding: 8px">
            <passkey-button theme=${theme} .adapter=${listAdapter()}>Sign in</passkey-button>
            <passkey-sign-in theme=${theme} .adapter=${listAdapter()}></passkey-sign-in>
          </div>`,
        );
        const card = wrapper.querySelector('passkey-sign-in')!;
        await until(() => Boolean(card.shadowRoot?.querySelector('[part="explainer-button"]')), 'the card');
        const button = wrapper.querySelector('passkey-button')!.shadowRoot!.querySelector('[part="button"]')!;
        const surface = getComputedStyle(card.shadowRoot!.querySelector('[part="card"]')!).backgroundColor;
        const link = getComputedStyle(card.shadowRoot!.querySelector('[part="explainer-button"]')!).color;

        const idle = paint(button);
        const box = button.getBoundingClientRect();
        await sendMouse({ type: 'move', position: [Math.round(box.x + 10), Math.round(box.y + 10)] });
        await new Promise((r) => setTimeout(r, 200));
        const hover = paint(button);

        note(`${theme} text`, ratio(idle.text, idle.background));
        note(`${theme} hover`, ratio(hover.text, hover.background));
        note(`${theme} link`, ratio(link, surface));
        expect(idle.background, 'accent painted').to.not.equal(hover.background);
        expect(ratio(idle.text, idle.background), `text ${idle.text} on ${idle.background}`).to.be.at.least(4.5);
        expect(ratio(hover.text, hover.background), `hover ${hover.text} on ${hover.background}`).to.be.at.least(4.5);
        expect(ratio(link, surface), `link ${link} on ${surface}`).to.be.at.least(4.5);
      });
});
