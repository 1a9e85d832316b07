import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ERROR_CODES } from '../../src/core/errors.js';
import { LocalizeController, loadLocale, registerLocale, type MessageOverrides } from '../../src/core/localize.js';
import { ar } from '../../src/locales/ar.js';
import { de } from '../../src/locales/de.js';
import { en as shared, type Messages } from '../../src/locales/en.js';
import { enButton } from '../../src/locales/en-button.js';
import { enProfile } from '../../src/locales/en-profile.js';
import { enSignUp } from '../../src/locales/en-sign-up.js';
import { enUpgrade } from '../../src/locales/en-upgrade.js';
import { es } from '../../src/locales/es.js';
import { fr } from '../../src/locales/fr.js';
import { he } from '../../src/locales/he.js';
import { it as itIT } from '../../src/locales/it.js';
import { ja } from '../../src/locales/ja.js';
import { ko } from '../../src/locales/ko.js';
import { nl } from '../../src/locales/nl.js';
import { pl } from '../../src/locales/pl.js';
import { ptBR } from '../../src/locales/pt-br.js';
import { zhCN } from '../../src/locales/zh-cn.js';

/** The whole English catalogue, as on a page with every element: what they share, and the profile's, sign-up form's and upgrade card's own. */
const en = Object.assign(Object.assign(shared, enButton, enProfile), enSignUp, enUpgrade);

/** Every built-in translation, by the tag a page would use. */
const builtIn: Record<string, Messages> = {
  de,
  fr,
  es,
  'pt-BR': ptBR,
  ja,
  'zh-CN': zhCN,
  ko,
  ar,
  he,
  it: itIT,
  nl,
  pl,
};

/** Entries allowed to read exactly as in English: loanwords the language uses as-is. */
const sameAsEnglish: Record<string, string[]> = {
  de: ['profileHeading', 'kindSynced'], // “Passkeys”, “Passkey”
  it: ['kindSynced'], // “Passkey”
};

/** What each function entry is called with in these tests. */
const sampleArgument: Record<string, string | number> = {
  nameTooLong: 64,
  created: 'WHEN-3d',
  lastUsed: 'WHEN-3d',
  deleteBody: 'Laptop',
  renamed: 'Laptop',
  deleted: 'Laptop',
  added: 'Laptop',
};

type Entry = { path: string; value: unknown; english: unknown };

/**
 * Every entry of the English catalogue, paired with the locale's value at the
 * same place. Walks English, not the locale, so a missing key shows up as
 * `undefined` rather than being skipped.
 */
function entries(locale: Messages): Entry[] {
  const loose = locale as unknown as Record<string, unknown>;
  const out: Entry[] = [];
  for (const key of Object.keys(en)) {
    if (key === 'errors') {
      const errors = loose.errors as Record<string, unknown> | undefined;
      for (const code of Object.keys(en.errors)) {
        out.push({
          path: `errors.${code}`,
          value: errors?.[code],
          english: en.errors[code as keyof Messages['errors']],
        });
      }
    } else if (key === 'explainer') {
      const explainer = loose.explainer as unknown[] | undefined;
      en.explainer.forEach((english, i) => out.push({ path: `explainer.${i}`, value: explainer?.[i], english }));
    } else {
      out.push({ path: key, value: loose[key], english: (en as unknown as Record<string, unknown>)[key] });
    }
  }
  return out;
}

/** An entry as the user sees it: functions are called with their sample argument. */
function text(path: string, value: unknown): unknown {
  return typeof value === 'function' ? (value as (arg: unknown) => unknown)(sampleArgument[path]) : value;
}

describe('built-in locales', () => {
  it('covers every English entry and every error code in these tests', () => {
    expect(Object.keys(en.errors)).to.have.members([...ERROR_CODES]);
    const functions = Object.keys(en).filter(
      (key) => typeof (en as unknown as Record<string, unknown>)[key] === 'function',
    );
    expect(functions).to.have.members(Object.keys(sampleArgument));
  });

  for (const [lang, messages] of Object.entries(builtIn)) {
    describe(lang, () => {
      it('has every key of the English catalogue', () => {
        const missing = entries(messages)
          .filter(({ value, english }) => typeof value !== typeof english)
          .map(({ path }) => path);
        expect(missing, `missing or mistyped in ${lang}`).to.deep.equal([]);
        expect(messages.explainer).to.have.lengthOf(3);
      });

      it('has no keys English lacks', () => {
        expect(Object.keys(messages)).to.have.members(Object.keys(en));
        expect(Object.keys(messages.errors)).to.have.members(Object.keys(en.errors));
      });

      it('has no empty entries', () => {
        for (const { path, value } of entries(messages)) {
          const shown = text(path, value);
          expect(shown, `${lang} ${path}`).to.be.a('string');
          expect((shown as string).trim(), `${lang} ${path}`).to.not.equal('');
        }
      });

      it('keeps the argument of every function entry', () => {
        for (const { path, value } of entries(messages)) {
          if (typeof value !== 'function') continue;
          const shown = text(path, value) as string;
          expect(shown, `${lang} ${path}`).to.include(String(sampleArgument[path]));
          expect(shown, `${lang} ${path}`).to.not.match(/undefined|NaN|\[object/);
        }
      });

      it('translates every entry', () => {
        const allowed = sameAsEnglish[lang] ?? [];
        const untranslated = entries(messages)
          .filter(({ path, value, english }) => !allowed.includes(path) && text(path, value) === text(path, english))
          .map(({ path }) => path);
        expect(untranslated, `same as English in ${lang}`).to.deep.equal([]);
      });

      it('uses proper typography', () => {
        for (const { path, value } of entries(messages)) {
          const shown = text(path, value) as string;
          expect(shown, `${lang} ${path}: use … for an ellipsis`).to.not.include('...');
          expect(shown, `${lang} ${path}: use ’ for an apostrophe`).to.not.include("'");
          if (lang !== 'he') expect(shown, `${lang} ${path}: use the language’s quotes`).to.not.include('"');
          if (lang === 'ar') expect(shown, `${lang} ${path}: use ، and ؟`).to.not.match(/[,?]/);
          expect(shown, `${lang} ${path}: stray whitespace`).to.equal(shown.trim());
          expect(shown, `${lang} ${path}: double space`).to.not.include('  ');
        }
      });

      it('words `nameTooLong` for any maximum', () => {
        for (let max = 1; max <= 200; max++) {
          const shown = messages.nameTooLong(max);
          expect(shown, `${lang} nameTooLong(${max})`).to.be.a('string').and.not.equal('');
          expect(shown).to.not.match(/undefined|NaN/);
        }
      });
    });
  }

  it('uses the Polish plural forms', () => {
    expect(pl.nameTooLong(1)).to.include('1 znak.');
    expect(pl.nameTooLong(3)).to.include('3 znaki.');
    expect(pl.nameTooLong(5)).to.include('5 znaków.');
    expect(pl.nameTooLong(22)).to.include('22 znaki.');
    expect(pl.nameTooLong(64)).to.include('64 znaki.');
    expect(pl.nameTooLong(100)).to.include('100 znaków.');
  });

  it('uses the Arabic plural forms', () => {
    expect(ar.nameTooLong(2)).to.include('حرفين');
    expect(ar.nameTooLong(5)).to.include('5 أحرف');
    expect(ar.nameTooLong(64)).to.include('64 حرفًا');
    expect(ar.nameTooLong(100)).to.include('100 حرف ');
  });
});

class LocalizeTestElement extends LitElement {
  static override properties = { strings: { attribute: false } };

  strings?: MessageOverrides;

  readonly loc = new LocalizeController(this);

  override render() {
    return html`${this.loc.term('signInLabel')}`;
  }
}
customElements.define('localize-test', LocalizeTestElement);

async function render(lang: string, strings?: MessageOverrides): Promise<LocalizeTestElement> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}><localize-test .strings=${strings}></localize-test></div>`,
  );
  const el = wrapper.querySelector<LocalizeTestElement>('localize-test')!;
  await el.updateComplete;
  return el;
}

const shown = (el: LocalizeTestElement) => el.shadowRoot!.textContent!.trim();

describe('LocalizeController', () => {
  // Runs first: nothing has loaded Dutch yet.
  it('shows English while a built-in locale loads, then re-renders in it', async () => {
    const el = await render('nl');
    // The test imports nl.ts itself, so the lazy load may already have landed by the first check.
    expect([en.signInLabel, nl.signInLabel]).to.include(shown(el));
    await waitUntil(() => shown(el) === nl.signInLabel, 'Dutch never arrived');
  });

  it('picks the locale of the nearest `lang` once loaded', async () => {
    await loadLocale('de');
    const el = await render('de');
    expect(shown(el)).to.equal(de.signInLabel);
    expect(el.loc.error('network')).to.equal(de.errors.network);
    expect(el.loc.dir).to.equal('ltr');
  });

  it('finds `lang` and `dir` across shadow roots, as for the profile’s own add button', async () => {
    await loadLocale('de');
    const outer = await fixture<HTMLDivElement>(html`<div lang="de" dir="rtl"><div></div></div>`);
    const root = outer.querySelector('div')!.attachShadow({ mode: 'open' });
    const inner = document.createElement('localize-test') as LocalizeTestElement;
    root.append(inner);
    await inner.updateComplete;

    expect(shown(inner)).to.equal(de.signInLabel);
    expect(inner.loc.dir).to.equal('rtl');
  });

  it('falls back from a regional tag to its base language', async () => {
    await loadLocale('de-AT');
    expect(shown(await render('de-AT'))).to.equal(de.signInLabel);
  });

  it('falls back to English for an unknown language', async () => {
    await loadLocale('xx');
    expect(shown(await render('xx'))).to.equal(en.signInLabel);
  });

  it('lets `strings` override the locale', async () => {
    await loadLocale('de');
    const el = await render('de', { signInLabel: 'Weiter mit Passkey', errors: { network: 'Offline.' } });
    expect(shown(el)).to.equal('Weiter mit Passkey');
    expect(el.loc.error('network')).to.equal('Offline.');
    expect(el.loc.error('server')).to.equal(de.errors.server);
  });

  it('takes a string or a function for any message, and ignores what is neither', async () => {
    const el = await render('en', {
      deleted: 'Deleted!',
      renamed: (name: string) => `Now called ${name}`,
      signInLabel: () => 'Continue',
      nameTooLong: 42 as never,
      created: (() => {
        throw new Error('a broken override');
      }) as never,
      errors: { network: () => 'You are offline.', server: 7 as never },
    } as MessageOverrides);
    // A string where the built-in message is a function is that function's answer.
    expect(el.loc.term('deleted')('Work laptop')).to.equal('Deleted!');
    expect(el.loc.term('renamed')('Phone')).to.equal('Now called Phone');
    expect(shown(el)).to.equal('Continue');
    expect(el.loc.term('nameTooLong')(64)).to.equal(en.nameTooLong(64));
    // An override that throws falls back to the built-in message rather than breaking the flow.
    expect(el.loc.term('created')('today')).to.equal(en.created('today'));
    expect(el.loc.error('network')).to.equal('You are offline.');
    expect(el.loc.error('server')).to.equal(en.errors.server);
  });

  it('takes a list for the explainer, and ignores a string or a broken list there', async () => {
    const points = ['One', 'Two', 'Three'] as const;
    expect((await render('en', { explainer: [...points] as never })).loc.term('explainer')).to.deep.equal(points);
    expect((await render('en', { explainer: () => [...points] as never })).loc.term('explainer')).to.deep.equal(points);
    expect((await render('en', { explainer: 'Just text' as never })).loc.term('explainer')).to.deep.equal(en.explainer);
    expect((await render('en', { explainer: [1, 2] as never })).loc.term('explainer')).to.deep.equal(en.explainer);
  });

  it('ignores a `strings` that is not an object', async () => {
    const el = await render('en', 'Sign in!' as never);
    expect(shown(el)).to.equal(en.signInLabel);
    expect(el.loc.error('network')).to.equal(en.errors.network);
  });

  it('is right-to-left for Arabic and Hebrew', async () => {
    await loadLocale('ar');
    const arabic = await render('ar');
    expect(arabic.loc.dir).to.equal('rtl');
    expect(shown(arabic)).to.equal(ar.signInLabel);
    expect((await render('he-IL')).loc.dir).to.equal('rtl');
  });

  it('loads every built-in locale under its tag', async () => {
    for (const [lang, messages] of Object.entries(builtIn)) {
      await loadLocale(lang);
      expect(shown(await render(lang)), lang).to.equal(messages.signInLabel);
    }
  });

  it('serves bare and other regional Portuguese and Chinese from pt-BR and zh-CN', async () => {
    for (const lang of ['pt', 'pt-PT', 'PT-br']) {
      await loadLocale(lang);
      expect(shown(await render(lang)), lang).to.equal(ptBR.signInLabel);
    }
    for (const lang of ['zh', 'zh-Hans-CN', 'zh-cn']) {
      await loadLocale(lang);
      expect(shown(await render(lang)), lang).to.equal(zhCN.signInLabel);
    }
  });

  it('lets a registered locale win over a built-in one', async () => {
    registerLocale('fr-CA', { ...fr, signInLabel: 'Ouvrir une session avec une clé d’accès' });
    expect(shown(await render('fr-CA'))).to.equal('Ouvrir une session avec une clé d’accès');
    await loadLocale('fr');
    expect(shown(await render('fr'))).to.equal(fr.signInLabel);

    registerLocale('ko', { ...ko, signInLabel: '패스키로 계속' });
    try {
      await loadLocale('ko');
      expect(shown(await render('ko'))).to.equal('패스키로 계속');
    } finally {
      registerLocale('ko', ko);
    }
  });
});
