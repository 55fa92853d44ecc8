import type { Locale } from '../domain/catalogue';
import { en } from './texts/en';
import { fi } from './texts/fi';
import { sv } from './texts/sv';

export { pageLocale } from './page-locale';

/** Every word the pages show, in Finnish, Swedish and English (docs/pages.md §1). */
export type PageTexts = {
  service: string;
  skip: string;
  footer: string;
  apiLink: string;
  languages: string;
  errors: Record<'400' | '403' | '404' | '429' | '500', { title: string; text: string }>;
  home: string;
  request: string;
  category: string;
  description: string;
  agency: string;
  status: string;
  received: string;
  updated: string;
  expected: string;
  address: string;
  location: string;
  coordinates: string;
  noLocation: string;
  answer: string;
  history: string;
  photos: string;
  photo: (n: number) => string;
  linkedPhotos: string;
  openMap: string;
  addedDetails: string;
  addedPhotos: (n: number) => string;
  duplicateOf: string;
  ownView: string;
  ownNotice: string;
  notPublic: string;
  detailsTitle: string;
  detailsHelp: string;
  detailsText: string;
  detailsPhoto: string;
  detailsPhotoHint: string;
  detailsSend: string;
  detailsSaved: string;
  detailsClosed: string;
  detailsEmpty: string;
  demoTitle: string;
  demoIntro: string;
  demoMap: string;
  embedTitle: string;
  embedText: string;
  aboutTitle: string;
  aboutText: string;
  feeds: string;
};

export const PAGE_TEXTS: Record<Locale, PageTexts> = { fi, sv, en };

/** The names of the languages, each in its own language (for the language links). */
export const LANGUAGE_NAMES: Record<Locale, string> = { fi: 'suomi', sv: 'svenska', en: 'English' };
