import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
// Generated from src/ by `npm run analyze` (custom-elements-manifest analyze).
import manifest from '../custom-elements.json';
import {
  PasskeyButtonElement,
  PasskeySignInElement,
  PasskeySignUpElement,
  PasskeyUpgradeElement,
  PasskeyUserProfileElement,
} from '../src/index.js';

// package.json `sideEffects` lists only dist/ files, so in the production
// build the bundler drops side-effect-only imports of src/passkey-*.ts (and
// their `define()` calls) as unused. Define the elements here, explicitly.
PasskeyButtonElement.define();
PasskeySignInElement.define();
PasskeySignUpElement.define();
PasskeyUserProfileElement.define();
PasskeyUpgradeElement.define();

interface Declaration {
  kind: string;
  name: string;
  customElement?: boolean;
  tagName?: string;
  members?: { name: string; kind: string; privacy?: string; static?: boolean }[];
}

// The elements register themselves through `static define()`, which the
// analyzer cannot follow, so it may leave `tagName` out; Storybook finds a
// component's docs by tag name. Fill it in from the registry, and keep
// private and static members out of the tables.
const classes: Record<string, CustomElementConstructor> = {
  PasskeyButtonElement,
  PasskeySignInElement,
  PasskeySignUpElement,
  PasskeyUserProfileElement,
  PasskeyUpgradeElement,
};
for (const module of (manifest as { modules: { declarations?: Declaration[] }[] }).modules) {
  for (const declaration of module.declarations ?? []) {
    if (!declaration.customElement) continue;
    const cls = classes[declaration.name];
    declaration.tagName ??= (cls && customElements.getName(cls)) || undefined;
    declaration.members = declaration.members?.filter(
      (m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && m.kind === 'field',
    );
  }
}
setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    a11y: { test: 'todo' },
  },
};

export default preview;
