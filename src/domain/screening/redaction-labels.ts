import { type ScreeningKind } from './types';

/** The languages the public text is published in (the service's locales). */
export type RedactionLocale = 'fi' | 'sv' | 'en';

/**
 * What the public sees in place of a removed identifier, in the language of the request, so that
 * the sentence still reads and readers know something was taken out on purpose.
 */
export const REDACTION_LABELS: Readonly<Record<ScreeningKind, Readonly<Record<RedactionLocale, string>>>> = {
  personal_identity_code: {
    fi: '[henkilötunnus poistettu]',
    sv: '[personbeteckning borttagen]',
    en: '[personal identity code removed]',
  },
  iban: {
    fi: '[tilinumero poistettu]',
    sv: '[kontonummer borttaget]',
    en: '[bank account number removed]',
  },
  phone_number: {
    fi: '[puhelinnumero poistettu]',
    sv: '[telefonnummer borttaget]',
    en: '[phone number removed]',
  },
  email: {
    fi: '[sähköpostiosoite poistettu]',
    sv: '[e-postadress borttagen]',
    en: '[e-mail address removed]',
  },
  payment_card: {
    fi: '[maksukortin numero poistettu]',
    sv: '[betalkortsnummer borttaget]',
    en: '[payment card number removed]',
  },
};
