import type { Locale, Localized } from '../domain/catalogue';

/** Which alert (docs/alerts.md): new in the department, moved into it, assigned to the reader. */
export type AlertKind = 'alert_new' | 'alert_moved' | 'alert_assigned';

/** One request as an alert shows it to city staff: the text as handlers see it, never contact details. */
export type AlertRequest = {
  publicId: string;
  category: Localized;
  receivedAt: Date;
  deadlineAt: Date | null;
  address: string | null;
  title: string | null;
  description: string;
  /** Where the request opens in the admin API. */
  link: string;
};

type Words = {
  subject: Record<AlertKind, (department: string, category: string, id: string) => string>;
  opening: Record<AlertKind, (department: string) => string>;
  id: string;
  category: string;
  received: string;
  deadline: string;
  address: string;
  text: string;
  open: string;
  digestSubject: (department: string, count: number) => string;
  digestOpening: (department: string) => string;
  overdue: string;
  dueSoon: string;
  signature: string;
};

const WORDS: Record<Locale, Words> = {
  fi: {
    subject: {
      alert_new: (d, c, id) => `Uusi palaute (${d}): ${c} (${id})`,
      alert_moved: (d, c, id) => `Palaute siirretty (${d}): ${c} (${id})`,
      alert_assigned: (_d, c, id) => `Sinulle osoitettu palaute: ${c} (${id})`,
    },
    opening: {
      alert_new: (d) => `Yksikölle ${d} on saapunut uusi palaute.`,
      alert_moved: (d) => `Palaute on siirretty yksikölle ${d}.`,
      alert_assigned: () => 'Sinulle on osoitettu palaute käsiteltäväksi.',
    },
    id: 'Tunnus',
    category: 'Aihe',
    received: 'Vastaanotettu',
    deadline: 'Käsittelyyn viimeistään',
    address: 'Osoite',
    text: 'Palaute',
    open: 'Avaa palaute',
    digestSubject: (d, n) => `Määräaikaa lähestyvät palautteet (${d}): ${n}`,
    digestOpening: (d) =>
      `Yksikön ${d} palautteet, joiden käsittelyn määräaika on ohi tai päättyy viimeistään seuraavana työpäivänä:`,
    overdue: 'MYÖHÄSSÄ',
    dueSoon: 'määräaika lähellä',
    signature: 'Tämä on automaattinen viesti palautepalvelusta, älä vastaa siihen.',
  },
  sv: {
    subject: {
      alert_new: (d, c, id) => `Ny respons (${d}): ${c} (${id})`,
      alert_moved: (d, c, id) => `Respons överförd (${d}): ${c} (${id})`,
      alert_assigned: (_d, c, id) => `Respons tilldelad dig: ${c} (${id})`,
    },
    opening: {
      alert_new: (d) => `En ny respons har kommit till ${d}.`,
      alert_moved: (d) => `En respons har överförts till ${d}.`,
      alert_assigned: () => 'En respons har tilldelats dig för behandling.',
    },
    id: 'Nummer',
    category: 'Ämne',
    received: 'Mottagen',
    deadline: 'Ska tas upp senast',
    address: 'Adress',
    text: 'Respons',
    open: 'Öppna responsen',
    digestSubject: (d, n) => `Respons nära tidsfristen (${d}): ${n}`,
    digestOpening: (d) => `Respons till ${d} vars tidsfrist har gått ut eller går ut senast följande arbetsdag:`,
    overdue: 'FÖRSENAD',
    dueSoon: 'tidsfristen nära',
    signature: 'Detta är ett automatiskt meddelande från responstjänsten, svara inte på det.',
  },
  en: {
    subject: {
      alert_new: (d, c, id) => `New feedback (${d}): ${c} (${id})`,
      alert_moved: (d, c, id) => `Feedback moved (${d}): ${c} (${id})`,
      alert_assigned: (_d, c, id) => `Feedback assigned to you: ${c} (${id})`,
    },
    opening: {
      alert_new: (d) => `New feedback has arrived for ${d}.`,
      alert_moved: (d) => `Feedback has been moved to ${d}.`,
      alert_assigned: () => 'Feedback has been assigned to you.',
    },
    id: 'Id',
    category: 'Category',
    received: 'Received',
    deadline: 'To be taken into processing by',
    address: 'Address',
    text: 'Feedback',
    open: 'Open it',
    digestSubject: (d, n) => `Feedback near its deadline (${d}): ${n}`,
    digestOpening: (d) => `Feedback of ${d} past its deadline or due by the next working day:`,
    overdue: 'OVERDUE',
    dueSoon: 'due soon',
    signature: 'This is an automatic message from the feedback service; please do not reply.',
  },
};

const TAGS: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
const CLOCKS = new Map<Locale, Intl.DateTimeFormat>();

/** A time on the Helsinki clock, as the reader's language writes it. */
function when(locale: Locale, date: Date | null): string {
  if (date === null) return '-';
  let clock = CLOCKS.get(locale);
  if (clock === undefined) {
    clock = new Intl.DateTimeFormat(TAGS[locale], {
      timeZone: 'Europe/Helsinki',
      dateStyle: 'short',
      timeStyle: 'short',
    });
    CLOCKS.set(locale, clock);
  }
  return clock.format(date);
}

const name = (names: Localized, locale: Locale): string => names[locale] ?? names.fi ?? names.sv ?? names.en ?? '';

const signed = (locale: Locale, city: Localized, lines: string[]) =>
  [...lines, '', '--', ...[name(city, locale)].filter((line) => line !== ''), WORDS[locale].signature].join('\n');

export type Mail = { subject: string; body: string };

/** One alert about one request, in the reader's language (docs/alerts.md). */
export function composeAlert(
  kind: AlertKind,
  locale: Locale,
  context: { department: Localized; city: Localized },
  request: AlertRequest,
): Mail {
  const w = WORDS[locale];
  const department = name(context.department, locale);
  const category = name(request.category, locale);
  const lines = [
    w.opening[kind](department),
    '',
    `${w.id}: ${request.publicId}`,
    `${w.category}: ${category}`,
    `${w.received}: ${when(locale, request.receivedAt)}`,
    `${w.deadline}: ${when(locale, request.deadlineAt)}`,
    ...(request.address ? [`${w.address}: ${request.address}`] : []),
    '',
    `${w.text}:`,
    ...(request.title ? [request.title] : []),
    request.description,
    '',
    `${w.open}: ${request.link}`,
  ];
  return {
    subject: w.subject[kind](department, category, request.publicId),
    body: signed(locale, context.city, lines),
  };
}

/** The daily digest of one department: its requests past or near their deadline, overdue first. */
export function composeDigest(
  locale: Locale,
  context: { department: Localized; city: Localized },
  requests: (AlertRequest & { overdue: boolean })[],
): Mail {
  const w = WORDS[locale];
  const department = name(context.department, locale);
  const lines = [w.digestOpening(department), ''];
  for (const request of requests) {
    lines.push(
      `${request.publicId}  ${name(request.category, locale)}  [${request.overdue ? w.overdue : w.dueSoon}]`,
      `  ${w.received}: ${when(locale, request.receivedAt)}; ${w.deadline}: ${when(locale, request.deadlineAt)}`,
      `  ${request.link}`,
    );
  }
  return { subject: w.digestSubject(department, requests.length), body: signed(locale, context.city, lines) };
}
