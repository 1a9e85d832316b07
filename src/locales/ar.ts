import type { Messages } from './en.js';

// Arabic (Modern Standard). Typography: «…» quotes, ، and ؟. Passkey names are
// wrapped in first-strong isolates (U+2068 … U+2069) so a Latin name keeps the
// sentence's right-to-left order.

const plural = new Intl.PluralRules('ar');

/** “N characters”, with the noun in the form Arabic uses after N. */
function characters(max: number): string {
  switch (plural.select(max)) {
    case 'one':
      return 'حرفًا واحدًا';
    case 'two':
      return 'حرفين';
    case 'few':
      return `${max} أحرف`;
    case 'many':
      return `${max} حرفًا`;
    default:
      return `${max} حرف`;
  }
}

export const ar: Messages = {
  signInLabel: 'تسجيل الدخول باستخدام مفتاح مرور',
  registerLabel: 'إنشاء مفتاح مرور',
  pendingSignIn: 'في انتظار مفتاح المرور…',
  pendingRegister: 'جارٍ إنشاء مفتاح المرور…',
  signedIn: 'تم تسجيل دخولك.',
  registered: 'تم إنشاء مفتاح المرور.',
  signInHeading: 'تسجيل الدخول',
  signInDescription: 'استخدم بصمة إصبعك أو وجهك أو قفل الشاشة. لا حاجة إلى كلمة مرور.',
  usernameLabel: 'اسم المستخدم أو البريد الإلكتروني',
  usernameRequired: 'أدخل اسم المستخدم أو البريد الإلكتروني للمتابعة.',
  otherMethods: 'أو',
  unsupportedHint: 'استخدم طريقة أخرى لتسجيل الدخول أدناه.',
  noPasskeyHere: 'لا يوجد مفتاح مرور لهذا الموقع على هذا الجهاز.',
  useOtherDevice: 'استخدام هاتف أو مفتاح أمان',
  redirectRefused: 'تم تسجيل دخولك، لكن الصفحة التالية موجودة على موقع ويب آخر، لذلك لم يتم فتحها.',
  profileHeading: 'مفاتيح المرور',
  profileDescription:
    'مع مفاتيح المرور، لا تحتاج إلى تذكّر كلمات مرور معقّدة. سجّل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة.',
  addPasskey: 'إضافة مفتاح مرور',
  addSecurityKey: 'إضافة مفتاح أمان',
  loading: 'جارٍ تحميل مفاتيح المرور…',
  emptyTitle: 'لا توجد مفاتيح مرور بعد',
  emptyBody:
    'أضف مفتاح مرور لتسجيل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة. تُحفظ مفاتيح المرور في مدير كلمات المرور، لذا يمكنك تسجيل الدخول على أجهزة أخرى.',
  retry: 'إعادة المحاولة',
  rename: 'إعادة التسمية',
  delete: 'حذف',
  save: 'حفظ',
  cancel: 'إلغاء',
  nameLabel: 'اسم مفتاح المرور',
  nameEmpty: 'أدخل اسمًا لمفتاح المرور هذا.',
  nameTooLong: (max) => `استخدم ${characters(max)} أو أقل.`,
  created: (when) => `أُنشئ ${when}`,
  lastUsed: (when) => `آخر استخدام ${when}`,
  neverUsed: 'لم يُستخدم مطلقًا',
  deviceBound: 'على جهاز واحد فقط',
  kindSynced: 'مفتاح مرور',
  kindDevice: 'مفتاح مرور على جهاز واحد فقط',
  kindSecurityKey: 'مفتاح أمان',
  deleteTitle: 'هل تريد حذف مفتاح المرور هذا؟',
  deleteBody: (name) => `لن تتمكن بعد الآن من تسجيل الدخول باستخدام «\u2068${name}\u2069».`,
  deleteLastWarning: 'هذا هو مفتاح المرور الوحيد لديك. بعد حذفه، ستحتاج إلى طريقة أخرى لتسجيل الدخول إلى هذا الحساب.',
  deleteKeptInManager: 'سيبقى في مدير كلمات المرور إلى أن تزيله من هناك.',
  renamed: (name) => `تمت إعادة تسمية مفتاح المرور إلى «\u2068${name}\u2069».`,
  deleted: (name) => `تم حذف مفتاح المرور «\u2068${name}\u2069».`,
  added: (name) => `تمت إضافة مفتاح المرور «\u2068${name}\u2069».`,
  addUnsupported: 'لا يمكن لهذا المتصفح إنشاء مفاتيح مرور، لكن لا يزال بإمكانك إعادة تسمية مفاتيحك الحالية وحذفها.',
  upgradeTitle: 'سجّل الدخول بشكل أسرع في المرة القادمة',
  upgradeBody: 'أنشئ مفتاح مرور لهذا الحساب وسجّل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة. لا كلمة مرور عليك تذكّرها.',
  upgradeAccept: 'إنشاء مفتاح مرور',
  upgradeLater: 'ليس الآن',
  upgradeNever: 'عدم السؤال مرة أخرى',
  upgradeDeviceTitle: 'سجّل الدخول بشكل أسرع على هذا الجهاز',
  upgradeDeviceBody:
    'أنشئ مفتاح مرور على هذا الجهاز وسجّل الدخول في المرة القادمة ببصمة إصبعك أو وجهك أو قفل الشاشة. دون هاتف أو مفتاح أمان.',
  upgradeDone: 'مفتاح المرور جاهز. سجّل الدخول به في المرة القادمة.',
  whatIsPasskey: 'ما هو مفتاح المرور؟',
  explainer: [
    'مع مفاتيح المرور، لا تحتاج إلى تذكّر كلمات مرور معقّدة.',
    'تُحفظ مفاتيح المرور في مدير كلمات المرور، لذا يمكنك تسجيل الدخول على أجهزة أخرى.',
    'تسجّل الدخول ببصمة إصبعك أو وجهك أو قفل الشاشة، ولا يعمل مفتاح المرور إلا على الموقع الذي أُنشئ له.',
  ],
  close: 'إغلاق',
  createAccount: 'إنشاء حساب',
  signUpLabel: 'إنشاء حساب بمفتاح مرور',
  pendingSignUp: 'جارٍ إنشاء حسابك…',
  signedUp: 'حسابك جاهز.',
  displayNameLabel: 'اسمك',
  newHere: 'جديد هنا؟',
  haveAccount: 'لديك حساب بالفعل؟',
  signInInstead: 'يحتوي هذا الجهاز بالفعل على مفتاح مرور لهذا الحساب — سجّل الدخول بدلًا من ذلك.',
  reauthenticateLabel: 'تأكيد هويتك',
  reauthenticated: 'تم التأكيد.',
  confirmedAddAgain: 'تم التأكيد. اختر «إضافة مفتاح مرور» للمتابعة.',
  errors: {
    cancelled: 'تم إلغاء طلب مفتاح المرور أو انتهت مهلته. حاول مرة أخرى عندما تكون مستعدًا.',
    'not-supported': 'هذا المتصفح أو الجهاز لا يدعم مفاتيح المرور.',
    'insecure-context': 'تحتاج مفاتيح المرور إلى اتصال آمن (https).',
    'invalid-domain': 'مفتاح المرور هذا لا ينتمي إلى عنوان هذا الموقع.',
    'already-registered': 'يحتوي هذا الجهاز بالفعل على مفتاح مرور لحسابك.',
    'unknown-credential': 'لم يعد مفتاح المرور هذا صالحًا لهذا الموقع. جرّب مفتاح مرور آخر أو سجّل الدخول بطريقة أخرى.',
    'invalid-options': 'أرسل الخادم طلبًا لا يمكن لهذا المتصفح استخدامه. يُرجى المحاولة مرة أخرى لاحقًا.',
    'verification-failed': 'تعذّر التحقق من مفتاح المرور. يُرجى المحاولة مرة أخرى.',
    unauthorized: 'انتهت صلاحية جلستك. يُرجى تسجيل الدخول مرة أخرى.',
    network: 'تعذّر الوصول إلى الخادم. تحقق من اتصالك وحاول مرة أخرى.',
    server: 'حدث خطأ في الخادم. يُرجى المحاولة مرة أخرى.',
    'rate-limited': 'محاولات كثيرة جدًا. يُرجى الانتظار قليلاً ثم المحاولة مرة أخرى.',
    aborted: 'تم إيقاف طلب مفتاح المرور.',
    'username-taken': 'اسم المستخدم هذا مستخدَم بالفعل. اختر اسمًا آخر أو سجّل الدخول.',
    'invalid-username': 'لا يمكن استخدام اسم المستخدم هذا. استخدم أحرفًا وأرقامًا وعلامات ترقيم بسيطة، دون مسافات.',
    'reauthentication-required': 'للمتابعة، يُرجى تأكيد هويتك باستخدام مفتاح المرور.',
    'last-passkey': 'هذا هو مفتاح المرور الوحيد لديك. أضف مفتاح مرور آخر قبل حذفه.',
    unknown: 'حدث خطأ ما. يُرجى المحاولة مرة أخرى.',
  },
};
