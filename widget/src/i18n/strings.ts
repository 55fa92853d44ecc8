import { en } from './en';
import { fi } from './fi';
import { sv } from './sv';

export type Lang = 'fi' | 'sv' | 'en';
/** Every text the widget shows; English is the reference that the other languages must match. */
export type Strings = { [K in keyof typeof en]: string };

const ALL: Record<Lang, Strings> = { fi, sv, en };

export const stringsFor = (lang: Lang): Strings => ALL[lang];

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Bytes as people read them, in the page's language: "10 MB", "1,5 Mt". */
export function sizeText(bytes: number, lang: Lang): string {
  const units: Record<Lang, [string, string]> = { fi: ['kt', 'Mt'], sv: ['kB', 'MB'], en: ['kB', 'MB'] };
  const [kb, mb] = units[lang];
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-GB' : `${lang}-FI`, { maximumFractionDigits: 1 });
  return bytes >= 1024 * 1024 ? `${number(bytes / 1024 / 1024)} ${mb}` : `${number(Math.ceil(bytes / 1024))} ${kb}`;
}
