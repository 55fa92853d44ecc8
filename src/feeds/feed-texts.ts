import type { Locale } from '../domain/catalogue';

/** Fixed feed wording in the three languages (category names come from the catalogue). */
export const FEED_TEXTS: Record<
  Locale,
  { title: string; description: string; answer: string; status: string; history: string; place: string }
> = {
  fi: {
    title: 'palautteet',
    description: 'Uusimmat julkiset palautteet',
    answer: 'Vastaus',
    status: 'Tila',
    history: 'Käsittelyhistoria',
    place: 'Paikka',
  },
  sv: {
    title: 'respons',
    description: 'Den senaste offentliga responsen',
    answer: 'Svar',
    status: 'Status',
    history: 'Behandlingshistorik',
    place: 'Plats',
  },
  en: {
    title: 'feedback',
    description: 'The newest public feedback',
    answer: 'Answer',
    status: 'Status',
    history: 'Handling history',
    place: 'Place',
  },
};
