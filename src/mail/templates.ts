import type { Locale, Localized } from '../domain/catalogue';

export type MailKind =
  'acknowledgement' | 'answer' | 'status_changed' | 'redirected' | 'duplicate' | 'sign_in_link' | 'estimate';

export type MailVars = {
  id: string;
  /** Tracking link (acknowledgement only). */
  link?: string;
  /** The promise, e.g. "taken into processing within 5 working days" (acknowledgement). */
  notice?: string | null;
  /** Answer text, if any. */
  answer?: string | null;
  /** The answer is private: for the resident only, never published (docs/publication.md §1). */
  privateAnswer?: boolean;
  /** The handler's estimate of completion as a date in the mail's language (estimate). */
  expected?: string;
  /** The estimate replaces an earlier one (estimate). */
  changed?: boolean;
  /** Localised status name (status_changed). */
  status?: string;
  /** Original request id (duplicate) or the new handler's name (redirected). */
  target?: string;
  /** How long a sign-in link works (sign_in_link). */
  minutes?: number;
  /** The request's city, named in its names (the mail's language, else Finnish) above the signature. */
  city?: Localized;
};

type Template = { subject: (v: MailVars) => string; body: (v: MailVars) => string[] };

const PRIVATE_ANSWER: Record<Locale, string> = {
  fi: 'Vastaus on vain sinulle, eikä sitä julkaista.',
  sv: 'Svaret är endast till dig och publiceras inte.',
  en: 'This answer is for you only and is not published.',
};

const answerLines = (label: string, v: MailVars, locale: Locale) =>
  v.answer ? ['', `${label}:`, v.answer, ...(v.privateAnswer ? ['', PRIVATE_ANSWER[locale]] : [])] : [];

const TEMPLATES: Record<Locale, Record<MailKind, Template>> = {
  fi: {
    acknowledgement: {
      subject: (v) => `Palautteesi on vastaanotettu (${v.id})`,
      body: (v) => [
        'Kiitos palautteestasi!',
        '',
        `Palautteen tunnus: ${v.id}`,
        ...(v.notice ? [v.notice] : []),
        '',
        'Voit seurata palautteesi käsittelyä tästä linkistä (se on henkilökohtainen, älä jaa sitä):',
        v.link ?? '',
      ],
    },
    answer: {
      subject: (v) => `Vastaus palautteeseesi (${v.id})`,
      body: (v) => [`Palautteeseesi ${v.id} on vastattu.`, ...answerLines('Vastaus', v, 'fi')],
    },
    status_changed: {
      subject: (v) => `Palautteesi tila: ${v.status} (${v.id})`,
      body: (v) => [`Palautteesi ${v.id} tila on nyt: ${v.status}.`, ...answerLines('Vastaus', v, 'fi')],
    },
    redirected: {
      subject: (v) => `Palautteesi on siirretty (${v.id})`,
      body: (v) => [
        `Palautteesi ${v.id} on siirretty käsiteltäväksi: ${v.target}.`,
        ...answerLines('Lisätietoja', v, 'fi'),
      ],
    },
    duplicate: {
      subject: (v) => `Palautteesi on yhdistetty aiempaan (${v.id})`,
      body: (v) => [
        `Samasta asiasta on jo tehty palaute ${v.target}; palautteesi ${v.id} käsitellään sen yhteydessä.`,
        ...answerLines('Vastaus', v, 'fi'),
      ],
    },
    estimate: {
      subject: (v) => `Arvio palautteesi käsittelystä (${v.id})`,
      body: (v) => [
        `Arvioimme, että palautteesi ${v.id} käsittely valmistuu ${v.expected} mennessä.`,
        ...(v.changed ? ['Arvio korvaa aiemmin ilmoitetun.'] : []),
      ],
    },
    sign_in_link: {
      subject: () => 'Kirjautumislinkki omiin palautteisiisi',
      body: (v) => [
        'Pyysit linkkiä, jolla näet lähettämäsi palautteet ja niiden vastaukset.',
        '',
        `Avaa linkki ${v.minutes} minuutin kuluessa. Se toimii vain kerran, älä jaa sitä:`,
        v.link ?? '',
        '',
        'Jos et pyytänyt linkkiä, voit jättää tämän viestin huomiotta.',
      ],
    },
  },
  sv: {
    acknowledgement: {
      subject: (v) => `Din respons har tagits emot (${v.id})`,
      body: (v) => [
        'Tack för din respons!',
        '',
        `Responsens nummer: ${v.id}`,
        ...(v.notice ? [v.notice] : []),
        '',
        'Du kan följa behandlingen via den här länken (den är personlig, dela den inte):',
        v.link ?? '',
      ],
    },
    answer: {
      subject: (v) => `Svar på din respons (${v.id})`,
      body: (v) => [`Din respons ${v.id} har besvarats.`, ...answerLines('Svar', v, 'sv')],
    },
    status_changed: {
      subject: (v) => `Status för din respons: ${v.status} (${v.id})`,
      body: (v) => [`Status för din respons ${v.id} är nu: ${v.status}.`, ...answerLines('Svar', v, 'sv')],
    },
    redirected: {
      subject: (v) => `Din respons har överförts (${v.id})`,
      body: (v) => [`Din respons ${v.id} har överförts till: ${v.target}.`, ...answerLines('Mer information', v, 'sv')],
    },
    duplicate: {
      subject: (v) => `Din respons har slagits ihop med en tidigare (${v.id})`,
      body: (v) => [
        `Samma sak har redan anmälts i respons ${v.target}; din respons ${v.id} behandlas tillsammans med den.`,
        ...answerLines('Svar', v, 'sv'),
      ],
    },
    estimate: {
      subject: (v) => `Uppskattning av behandlingen av din respons (${v.id})`,
      body: (v) => [
        `Vi uppskattar att behandlingen av din respons ${v.id} är klar senast ${v.expected}.`,
        ...(v.changed ? ['Uppskattningen ersätter den tidigare.'] : []),
      ],
    },
    sign_in_link: {
      subject: () => 'Inloggningslänk till din respons',
      body: (v) => [
        'Du bad om en länk för att se den respons du har skickat och svaren på den.',
        '',
        `Öppna länken inom ${v.minutes} minuter. Den fungerar bara en gång, dela den inte:`,
        v.link ?? '',
        '',
        'Om du inte bad om länken kan du lämna det här meddelandet utan åtgärd.',
      ],
    },
  },
  en: {
    acknowledgement: {
      subject: (v) => `Your feedback has been received (${v.id})`,
      body: (v) => [
        'Thank you for your feedback!',
        '',
        `Feedback id: ${v.id}`,
        ...(v.notice ? [v.notice] : []),
        '',
        'Follow its handling with this link (it is personal, do not share it):',
        v.link ?? '',
      ],
    },
    answer: {
      subject: (v) => `An answer to your feedback (${v.id})`,
      body: (v) => [`Your feedback ${v.id} has been answered.`, ...answerLines('Answer', v, 'en')],
    },
    status_changed: {
      subject: (v) => `Your feedback is now: ${v.status} (${v.id})`,
      body: (v) => [`The status of your feedback ${v.id} is now: ${v.status}.`, ...answerLines('Answer', v, 'en')],
    },
    redirected: {
      subject: (v) => `Your feedback has been forwarded (${v.id})`,
      body: (v) => [
        `Your feedback ${v.id} has been forwarded to: ${v.target}.`,
        ...answerLines('More information', v, 'en'),
      ],
    },
    duplicate: {
      subject: (v) => `Your feedback was merged with an earlier one (${v.id})`,
      body: (v) => [
        `The same matter was already reported as ${v.target}; your feedback ${v.id} is handled together with it.`,
        ...answerLines('Answer', v, 'en'),
      ],
    },
    estimate: {
      subject: (v) => `An estimate for your feedback (${v.id})`,
      body: (v) => [
        `We expect the handling of your feedback ${v.id} to be completed by ${v.expected}.`,
        ...(v.changed ? ['This replaces the earlier estimate.'] : []),
      ],
    },
    sign_in_link: {
      subject: () => 'Sign-in link to your feedback',
      body: (v) => [
        'You asked for a link to see the feedback you have sent and the answers to it.',
        '',
        `Open the link within ${v.minutes} minutes. It works once only; do not share it:`,
        v.link ?? '',
        '',
        'If you did not ask for this link, you can ignore this message.',
      ],
    },
  },
};

const SIGNATURE: Record<Locale, string> = {
  fi: 'Tämä on automaattinen viesti, älä vastaa siihen.',
  sv: 'Detta är ett automatiskt meddelande, svara inte på det.',
  en: 'This is an automatic message; please do not reply.',
};

/**
 * Subject and plain-text body of one message in the request's language, signed with the city's
 * name when it is known: with several cities in one deployment, the resident sees which one wrote.
 */
export function composeMail(kind: MailKind, locale: Locale, vars: MailVars): { subject: string; body: string } {
  const template = TEMPLATES[locale][kind];
  const city = vars.city?.[locale] ?? vars.city?.fi;
  const signature = city === undefined ? [SIGNATURE[locale]] : [city, SIGNATURE[locale]];
  return { subject: template.subject(vars), body: [...template.body(vars), '', '--', ...signature].join('\n') };
}

/** The "My feedback" sign-in message: it is about no single request, so it carries no request id. */
export function composeSignInMail(locale: Locale, link: string, minutes: number): { subject: string; body: string } {
  return composeMail('sign_in_link', locale, { id: '', link, minutes });
}
