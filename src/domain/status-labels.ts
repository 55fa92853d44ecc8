import type { Locale } from './catalogue';
import type { DetailedStatus } from '../repositories/public-scope';

/** Helsinki `detailed_status` codes and their localised names (`status_descriptive_name`, [MAS]). */
export const STATUS_LABELS: Record<DetailedStatus, Record<Locale, string>> = {
  RECEIVED: { fi: 'Vastaanotettu', sv: 'Mottagen', en: 'Received' },
  IN_PROCESS: { fi: 'Käsittelyssä', sv: 'Under behandling', en: 'In process' },
  PROCESSED: { fi: 'Käsitelty', sv: 'Behandlad', en: 'Processed' },
  REJECTED: { fi: 'Ei käsitellä', sv: 'Avvisad', en: 'Rejected' },
  ARCHIVED: { fi: 'Arkistoitu', sv: 'Arkiverad', en: 'Archived' },
};

/** Tells clients and residents that a never_public category is never published (open311.md §4.6). */
export const NEVER_PUBLIC_NOTE: Record<Locale, string> = {
  fi: 'Tämän aiheen palautteita ei julkaista.',
  sv: 'Respons i detta ämne publiceras aldrig.',
  en: 'Feedback on this topic is never published.',
};

/** The "taken into processing within N working days" promise, for `service_notice`. */
export function serviceNotice(slaDays: number, locale: Locale): string {
  const texts: Record<Locale, string> = {
    fi: `Palaute otetaan käsittelyyn ${slaDays} työpäivän kuluessa.`,
    sv: `Responsen tas upp till behandling inom ${slaDays} arbetsdagar.`,
    en: `Your feedback will be taken into processing within ${slaDays} working days.`,
  };
  return texts[locale];
}
