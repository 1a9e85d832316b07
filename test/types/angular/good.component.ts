// Type test: <passkey-*> in an Angular template, checked by the Angular compiler
// (ngc, strictTemplates) from test/node/types.test.mjs.
import 'passkey-elements';
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import { createRestAdapter } from 'passkey-elements/adapters/rest';
import type { PasskeyErrorCode, PasskeyErrorDetail, PasskeySignedInDetail } from 'passkey-elements';

@Component({
  selector: 'app-passkeys',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <passkey-sign-in
      id="sign-in"
      class="card"
      endpoint="/api/passkeys"
      identifier-first
      [redirect]="'/account'"
      (passkey-signed-in)="onSignedIn($event.detail)"
      (passkey-error)="onError($event)"
    ></passkey-sign-in>
    <passkey-user-profile
      [adapter]="adapter"
      [readonly]="true"
      (passkey-deleted)="deleted = $event.detail.id"
      (passkey-error)="codes.push($event.detail.code)"
    ></passkey-user-profile>
  `,
})
export class PasskeysComponent {
  adapter = createRestAdapter({ endpoint: '/api/passkeys' });
  codes: PasskeyErrorCode[] = [];
  deleted = '';
  onSignedIn(detail: PasskeySignedInDetail) {
    return detail.result.user?.id;
  }
  onError(event: CustomEvent<PasskeyErrorDetail>) {
    this.codes.push(event.detail.code);
  }
}
