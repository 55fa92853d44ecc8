import type { Locale } from './catalogue';
import type { DetailedStatus } from './detailed-status';

/** Helsinki `detailed_status` codes and their localised names (`status_descriptive_name`, [MAS]). */
export const STATUS_LABELS: Record<DetailedStatus, Record<Locale, string>> = {
  RECEIVED: { fi: 'Vastaanotettu', sv: 'Mottagen', en: 'Received' },
  IN_PROCESS: { fi: 'Käsittelyssä', sv: 'Under behandling', en: 'In process' },
  PROCESSED: { fi: 'Käsitelty', sv: 'Behandlad', en: 'Processed' },
  REJECTED: { fi: 'Ei käsitellä', sv: 'Avvisad', en: 'Rejected' },
  ARCHIVED: { fi: 'Arkistoitu', sv: 'Arkiverad', en: 'Archived' },
};

/** Tells clients and residents that a never_public category is never published (docs/privacy-gate.md §2). */
export const NEVER_PUBLIC_NOTE: Record<Locale, string> = {
  fi: 'Tämän aiheen palautteita ei julkaista.',
  sv: 'Respons i detta ämne publiceras aldrig.',
  en: 'Feedback on this topic is never published.',
};

const NOTICE_DATE: Record<Locale, Intl.DateTimeFormat> = {
  fi: new Intl.DateTimeFormat('fi-FI', {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }),
  sv: new Intl.DateTimeFormat('sv-FI', {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'long', year: 'numeric' }),
};

/** A date as written in Finland, in Finnish time: 12.3.2026 in Finnish and Swedish, 12 March 2026 in English. */
export const noticeDate = (locale: Locale, date: Date): string => NOTICE_DATE[locale].format(date);

/** "within N working days"; 0 days means the day of receipt, or the next working day. */
function within(slaDays: number, locale: Locale): string {
  const texts: Record<Locale, string> =
    slaDays === 0
      ? { fi: 'saman työpäivän aikana', sv: 'samma arbetsdag', en: 'on the same working day' }
      : {
          fi: `${slaDays} työpäivän kuluessa`,
          sv: `inom ${slaDays} ${slaDays === 1 ? 'arbetsdag' : 'arbetsdagar'}`,
          en: `within ${slaDays} working ${slaDays === 1 ? 'day' : 'days'}`,
        };
  return texts[locale];
}

/**
 * The "taken into processing within N working days" promise, for `service_notice`, in the
 * submitter's language. With the stored deadline (src/domain/working-days.ts) it names the last
 * day too, as dates are written in Finland: 12.3.2026 in Finnish and Swedish, 12 March 2026 in
 * English.
 */
export function serviceNotice(slaDays: number, locale: Locale, deadline?: Date): string {
  const by = deadline === undefined ? null : NOTICE_DATE[locale].format(deadline);
  const texts: Record<Locale, string> = {
    fi: `Palaute otetaan käsittelyyn ${within(slaDays, 'fi')}${by === null ? '' : `, viimeistään ${by}`}.`,
    sv: `Responsen tas upp till behandling ${within(slaDays, 'sv')}${by === null ? '' : `, senast ${by}`}.`,
    en: `Your feedback will be taken into processing ${within(slaDays, 'en')}${by === null ? '' : `, by ${by}`}.`,
  };
  return texts[locale];
}
