// Type test: mistakes the Angular compiler must report (test/node/types.test.mjs counts them).
import 'passkey-elements';
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import type { PasskeyErrorDetail } from 'passkey-elements';

@Component({
  selector: 'app-bad',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <passkey-sign-in (passkey-eror)="onError($event)"></passkey-sign-in>
    <passkey-sign-in (passkey-signed-on)="last = $event.detail"></passkey-sign-in>
    <passkey-user-profile (passkey-deleted)="last = $event.detail.passkey"></passkey-user-profile>
    <passkey-sign-in (passkey-error)="last = $event.detail.code === 'canceled'"></passkey-sign-in>
  `,
})
export class BadComponent {
  last: unknown;
  onError(event: CustomEvent<PasskeyErrorDetail>) {
    this.last = event.detail.code;
  }
}
