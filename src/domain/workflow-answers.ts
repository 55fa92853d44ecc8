import { LOCALES, type Locale } from './catalogue';

/**
 * Public answers the system writes for the resident in the request's own language
 * (service_request.locale): a redirect to another authority and a duplicate
 * (docs/domain-model.md §7). A handler's free text follows the template as its own paragraph.
 */
export function answerLocale(locale: string): Locale {
  return (LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : 'fi';
}

const withExtra = (template: string, extra: string | undefined): string =>
  extra === undefined || extra.trim() === '' ? template : `${template}\n\n${extra.trim()}`;

export function authorityAnswer(
  locale: Locale,
  authority: { name: string; contact: string },
  extra: string | undefined,
): string {
  const { name, contact } = authority;
  const templates: Record<Locale, string> = {
    fi: `Palautteesi asia kuuluu toiselle viranomaiselle: ${name}. Ota yhteyttä: ${contact}.`,
    sv: `Ärendet i din respons hör till en annan myndighet: ${name}. Kontakt: ${contact}.`,
    en: `Your feedback concerns a matter handled by another authority: ${name}. Contact: ${contact}.`,
  };
  return withExtra(templates[locale], extra);
}

/**
 * `originalId` is null when the original is not public: then the answer only says that the
 * matter was reported earlier, so no id of a withheld or never-public request is published.
 */
export function duplicateAnswer(locale: Locale, originalId: string | null, extra: string | undefined): string {
  const templates: Record<Locale, string> =
    originalId === null
      ? {
          fi: 'Samasta asiasta on jo tehty palaute, ja asia käsitellään sen yhteydessä.',
          sv: 'Samma sak har redan anmälts, och ärendet behandlas i samband med den tidigare responsen.',
          en: 'The same matter has already been reported; it is handled together with the earlier report.',
        }
      : {
          fi: `Samasta asiasta on jo tehty palaute ${originalId}, ja asia käsitellään siinä. Voit seurata käsittelyä palautteesta ${originalId}.`,
          sv: `Samma sak har redan anmälts i respons ${originalId}, och ärendet behandlas där. Du kan följa behandlingen i respons ${originalId}.`,
          en: `The same matter has already been reported as request ${originalId} and is handled there. You can follow it on request ${originalId}.`,
        };
  return withExtra(templates[locale], extra);
}
