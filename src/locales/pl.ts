import type { Messages } from './en.js';

// Polish (“ty”, avoiding gendered past-tense forms). Typography: „…” quotes,
// spaced en dashes.

const plural = new Intl.PluralRules('pl');

/** “znak”, “znaki”, “znaków” or “znaku”, as Polish needs after N. */
function characters(max: number): string {
  switch (plural.select(max)) {
    case 'one':
      return 'znak';
    case 'few':
      return 'znaki';
    case 'many':
      return 'znaków';
    default:
      return 'znaku';
  }
}

export const pl: Messages = {
  signInLabel: 'Zaloguj się kluczem dostępu',
  registerLabel: 'Utwórz klucz dostępu',
  pendingSignIn: 'Oczekiwanie na klucz dostępu…',
  pendingRegister: 'Tworzenie klucza dostępu…',
  signedIn: 'Zalogowano.',
  registered: 'Klucz dostępu został utworzony.',
  signInHeading: 'Zaloguj się',
  signInDescription: 'Użyj odcisku palca, twarzy lub blokady ekranu. Hasło nie jest potrzebne.',
  usernameLabel: 'Nazwa użytkownika lub e-mail',
  usernameRequired: 'Aby kontynuować, wpisz nazwę użytkownika lub adres e-mail.',
  otherMethods: 'lub',
  unsupportedHint: 'Zaloguj się w inny sposób poniżej.',
  noPasskeyHere: 'Na tym urządzeniu nie ma klucza dostępu do tej witryny.',
  useOtherDevice: 'Użyj telefonu lub klucza bezpieczeństwa',
  redirectRefused: 'Zalogowano, ale kolejna strona znajduje się w innej witrynie, więc nie została otwarta.',
  profileHeading: 'Klucze dostępu',
  profileDescription:
    'Dzięki kluczom dostępu nie musisz pamiętać skomplikowanych haseł. Logujesz się odciskiem palca, twarzą lub blokadą ekranu.',
  addPasskey: 'Dodaj klucz dostępu',
  addSecurityKey: 'Dodaj klucz bezpieczeństwa',
  loading: 'Wczytywanie kluczy dostępu…',
  emptyTitle: 'Nie masz jeszcze kluczy dostępu',
  emptyBody:
    'Dodaj klucz dostępu, aby logować się odciskiem palca, twarzą lub blokadą ekranu. Klucze dostępu są zapisywane w menedżerze haseł, więc możesz logować się też na innych urządzeniach.',
  retry: 'Spróbuj ponownie',
  rename: 'Zmień nazwę',
  delete: 'Usuń',
  save: 'Zapisz',
  cancel: 'Anuluj',
  nameLabel: 'Nazwa klucza dostępu',
  nameEmpty: 'Wpisz nazwę tego klucza dostępu.',
  nameTooLong: (max) => `Nazwa może mieć najwyżej ${max} ${characters(max)}.`,
  created: (when) => `Utworzono ${when}`,
  lastUsed: (when) => `Ostatnio użyto ${when}`,
  neverUsed: 'Nigdy nieużywany',
  deviceBound: 'Tylko na jednym urządzeniu',
  kindSynced: 'Klucz dostępu',
  kindDevice: 'Klucz dostępu tylko na jednym urządzeniu',
  kindSecurityKey: 'Klucz bezpieczeństwa',
  deleteTitle: 'Usunąć ten klucz dostępu?',
  deleteBody: (name) => `Nie zalogujesz się już za pomocą klucza „${name}”.`,
  deleteLastWarning:
    'To Twój jedyny klucz dostępu. Po jego usunięciu będziesz potrzebować innego sposobu logowania do tego konta.',
  deleteKeptInManager: 'Pozostanie w menedżerze haseł, dopóki go tam nie usuniesz.',
  renamed: (name) => `Zmieniono nazwę klucza dostępu na „${name}”.`,
  deleted: (name) => `Usunięto klucz dostępu „${name}”.`,
  added: (name) => `Dodano klucz dostępu „${name}”.`,
  addUnsupported:
    'Ta przeglądarka nie może tworzyć kluczy dostępu, ale nadal możesz zmieniać nazwy istniejących kluczy i je usuwać.',
  upgradeTitle: 'Następnym razem zaloguj się szybciej',
  upgradeBody:
    'Utwórz klucz dostępu do tego konta i loguj się odciskiem palca, twarzą lub blokadą ekranu. Bez hasła do zapamiętania.',
  upgradeAccept: 'Utwórz klucz dostępu',
  upgradeLater: 'Nie teraz',
  upgradeNever: 'Nie pytaj ponownie',
  upgradeDeviceTitle: 'Loguj się szybciej na tym urządzeniu',
  upgradeDeviceBody:
    'Utwórz klucz dostępu na tym urządzeniu i następnym razem zaloguj się odciskiem palca, twarzą lub blokadą ekranu. Bez telefonu ani klucza bezpieczeństwa.',
  upgradeDone: 'Klucz dostępu jest gotowy. Następnym razem zaloguj się za jego pomocą.',
  whatIsPasskey: 'Czym jest klucz dostępu?',
  explainer: [
    'Dzięki kluczom dostępu nie musisz pamiętać skomplikowanych haseł.',
    'Klucze dostępu są zapisywane w menedżerze haseł, więc możesz logować się też na innych urządzeniach.',
    'Logujesz się odciskiem palca, twarzą lub blokadą ekranu, a klucz dostępu działa tylko w witrynie, dla której go utworzono.',
  ],
  close: 'Zamknij',
  createAccount: 'Utwórz konto',
  signUpLabel: 'Utwórz konto z kluczem dostępu',
  pendingSignUp: 'Tworzenie konta…',
  signedUp: 'Twoje konto jest gotowe.',
  displayNameLabel: 'Twoje imię',
  newHere: 'Pierwszy raz tutaj?',
  haveAccount: 'Masz już konto?',
  signInInstead: 'To urządzenie ma już klucz dostępu do tego konta — zaloguj się zamiast tego.',
  reauthenticateLabel: 'Potwierdź, że to Ty',
  reauthenticated: 'Potwierdzono.',
  confirmedAddAgain: 'Potwierdzono. Wybierz „Dodaj klucz dostępu”, aby kontynuować.',
  errors: {
    cancelled: 'Żądanie klucza dostępu zostało anulowane lub upłynął limit czasu. Spróbuj ponownie, kiedy zechcesz.',
    'not-supported': 'Ta przeglądarka lub to urządzenie nie obsługuje kluczy dostępu.',
    'insecure-context': 'Klucze dostępu wymagają bezpiecznego połączenia (https).',
    'invalid-domain': 'Ten klucz dostępu nie należy do adresu tej witryny.',
    'already-registered': 'To urządzenie ma już klucz dostępu do Twojego konta.',
    'unknown-credential':
      'Ten klucz dostępu nie jest już ważny w tej witrynie. Użyj innego klucza dostępu lub zaloguj się w inny sposób.',
    'invalid-options': 'Serwer wysłał żądanie, którego ta przeglądarka nie może użyć. Spróbuj ponownie później.',
    'verification-failed': 'Nie udało się zweryfikować klucza dostępu. Spróbuj ponownie.',
    unauthorized: 'Sesja wygasła. Zaloguj się ponownie.',
    network: 'Nie można połączyć się z serwerem. Sprawdź połączenie i spróbuj ponownie.',
    server: 'Wystąpił błąd serwera. Spróbuj ponownie.',
    'rate-limited': 'Zbyt wiele prób. Zaczekaj chwilę i spróbuj ponownie.',
    aborted: 'Żądanie klucza dostępu zostało przerwane.',
    'username-taken': 'Ta nazwa użytkownika jest już zajęta. Wybierz inną lub zaloguj się.',
    'invalid-username':
      'Tej nazwy użytkownika nie można użyć. Użyj liter, cyfr i prostych znaków interpunkcyjnych, bez spacji.',
    'reauthentication-required': 'Aby kontynuować, potwierdź kluczem dostępu, że to Ty.',
    'last-passkey': 'To Twój jedyny klucz dostępu. Zanim go usuniesz, dodaj kolejny.',
    unknown: 'Coś poszło nie tak. Spróbuj ponownie.',
  },
};
