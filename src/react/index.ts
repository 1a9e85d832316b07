// React wrappers: typed props for every property and `onPasskey…` props for
// the events, so React code needs no refs or addEventListener. Importing this
// module defines the elements.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { PasskeyButtonElement } from '../passkey-button.js';
import { PasskeySignInElement } from '../passkey-sign-in.js';
import { PasskeySignUpElement } from '../passkey-sign-up.js';
import { PasskeyUpgradeElement } from '../passkey-upgrade.js';
import { PasskeyUserProfileElement } from '../passkey-user-profile.js';
import type { PasskeyEventMap } from '../core/events.js';

const event = <K extends keyof PasskeyEventMap>(name: K) => name as EventName<PasskeyEventMap[K]>;

const onError = { onPasskeyError: event('passkey-error') };

export const PasskeyButton = createComponent({
  tagName: 'passkey-button',
  elementClass: PasskeyButtonElement,
  react: React,
  events: {
    ...onError,
    onPasskeySignedIn: event('passkey-signed-in'),
    onPasskeyRegistered: event('passkey-registered'),
    onPasskeyReauthenticated: event('passkey-reauthenticated'),
  },
});

export const PasskeySignIn = createComponent({
  tagName: 'passkey-sign-in',
  elementClass: PasskeySignInElement,
  react: React,
  events: { ...onError, onPasskeySignedIn: event('passkey-signed-in'), onPasskeySignedUp: event('passkey-signed-up') },
});

export const PasskeySignUp = createComponent({
  tagName: 'passkey-sign-up',
  elementClass: PasskeySignUpElement,
  react: React,
  events: { ...onError, onPasskeySignedUp: event('passkey-signed-up'), onPasskeySignedIn: event('passkey-signed-in') },
});

export const PasskeyUserProfile = createComponent({
  tagName: 'passkey-user-profile',
  elementClass: PasskeyUserProfileElement,
  react: React,
  events: {
    ...onError,
    onPasskeyRegistered: event('passkey-registered'),
    onPasskeyRenamed: event('passkey-renamed'),
    onPasskeyDeleted: event('passkey-deleted'),
  },
});

export const PasskeyUpgrade = createComponent({
  tagName: 'passkey-upgrade',
  elementClass: PasskeyUpgradeElement,
  react: React,
  events: {
    ...onError,
    onPasskeyRegistered: event('passkey-registered'),
    onPasskeyPromptShown: event('passkey-prompt-shown'),
    onPasskeyPromptAccepted: event('passkey-prompt-accepted'),
    onPasskeyPromptDismissed: event('passkey-prompt-dismissed'),
  },
});

export type * from '../index.js';
