import fs from 'node:fs';
import path from 'node:path';
import { REDACTION_LABELS, redactText, screenText, type ScreeningHit } from '../../src/domain/screening';

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** A henkilötunnus with its mod-31 check character, computed here independently of the code under test. */
function hetu(birthDate: string, sign: string, individual: string): string {
  return `${birthDate}${sign}${individual}${CHECK_CHARS[Number(birthDate + individual) % 31]}`;
}

/** An IBAN with ISO 13616 mod-97 check digits, computed independently of ibantools. */
function iban(country: string, bban: string): string {
  const digits = [...`${bban}${country}00`.toUpperCase()].map((c) => parseInt(c, 36)).join('');
  const check = 98n - (BigInt(digits) % 97n);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** Groups an electronic-format IBAN by four, as printed on paper and in online banks. */
const grouped = (value: string) => value.replace(/(.{4})(?=.)/g, '$1 ');

/** Appends the Luhn check digit to a card number prefix. */
function withLuhn(partial: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    const candidate = `${partial}${digit}`;
    const sum = [...candidate]
      .reverse()
      .map((c, i) => (i % 2 === 1 ? Number(c) * 2 - (Number(c) > 4 ? 9 : 0) : Number(c)))
      .reduce((a, b) => a + b, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** The screened text with each hit's kind and the exact characters it covers. */
const found = (text: string) => screenText(text).map((hit) => [hit.kind, text.slice(hit.start, hit.end)]);

describe('screenText: personal identity codes', () => {
  it.each([
    ['+', '020304', '1804-03-02'],
    ['-', '131052', '1952'],
    ['Y', '240875', '1975 (2023 reform)'],
    ['X', '121290', '1990 (2023 reform)'],
    ['W', '050566', '1966 (2023 reform)'],
    ['V', '300999', '1999 (2023 reform)'],
    ['U', '161143', '1943 (2023 reform)'],
    ['A', '150601', '2001'],
    ['B', '290204', '2004 (2023 reform, leap day)'],
    ['C', '311210', '2010 (2023 reform)'],
    ['D', '010123', '2023 (2023 reform)'],
    ['E', '071109', '2009 (2023 reform)'],
    ['F', '180815', '2015 (2023 reform)'],
  ])('when the century sign is %s (born %s, %s), then the code is a hit', (sign, birthDate) => {
    const code = hetu(birthDate, sign, '234');
    expect(found(`Henkilötunnukseni on ${code}, korjatkaa lasku.`)).toEqual([['personal_identity_code', code]]);
  });

  it('when the code is typed in lower case or uses a temporary individual number, then it is still a hit', () => {
    const lower = hetu('131052', '-', '308').toLowerCase();
    const temporary = hetu('131052', 'A', '987');
    expect(found(`hetu ${lower} ja ${temporary}`)).toEqual([
      ['personal_identity_code', lower],
      ['personal_identity_code', temporary],
    ]);
  });

  it.each([
    ['a wrong check character', '131052-308U'],
    ['an impossible date (31 February)', hetu('310252', '-', '308')],
    ['29 February of a common year', hetu('290223', 'A', '308')],
    ['month 13', hetu('011352', '-', '308')],
    ['individual number 001', hetu('131052', '-', '001')],
    ['an unknown century sign', hetu('131052', 'G', '308')],
    ['letters glued in front', `x${hetu('131052', '-', '308')}`],
    ['a digit glued after', `${hetu('131052', '-', '308')}9`],
  ])('when the code has %s, then it is not a hit', (_what, text) => {
    expect(screenText(`Tunnus ${text} lomakkeessa.`)).toEqual([]);
  });
});

describe('screenText: IBANs', () => {
  const finnish = iban('FI', '12345600000785');

  it.each([
    ['grouped by four', grouped(finnish)],
    ['compact', finnish],
    ['in lower case', grouped(finnish).toLowerCase()],
    ['with hyphens', grouped(finnish).replace(/ /g, '-')],
    ['Swedish', grouped(iban('SE', '50000000058398257466'))],
    ['German', grouped(iban('DE', '370400440532013000'))],
    ['British (letters in the BBAN)', grouped(iban('GB', 'WEST12345698765432'))],
  ])('when an IBAN is written %s, then exactly it is a hit', (_how, value) => {
    expect(found(`Palauttakaa maksu tilille ${value}, kiitos.`)).toEqual([['iban', value]]);
  });

  it('when a year follows a grouped IBAN, then the hit ends where the IBAN does', () => {
    expect(found(`Tili ${grouped(finnish)} 2024 asti`)).toEqual([['iban', grouped(finnish)]]);
  });

  it.each([
    ['a wrong check digit', 'FI22 1234 5600 0007 85'],
    ['a digit too many', `${finnish}1`],
    ['a digit too few', finnish.slice(0, -1)],
    ['an unknown country', iban('ZZ', '12345600000785')],
  ])('when an IBAN has %s, then it is not a hit', (_what, value) => {
    expect(screenText(`Tili ${value} on väärin.`)).toEqual([]);
  });
});

describe('screenText: phone numbers', () => {
  it.each([
    '040 123 4567',
    '0401234567',
    '050-123 4567',
    '040-123 45 67',
    '0400 123 456',
    '(09) 123 4567',
    '09 3101 2345',
    '040.123.4567',
    '040/1234567',
    '+358 40 123 4567',
    '+358401234567',
    '+358 (0)40 765 4321',
    '00358 50 123 4567',
    '+46 70 123 45 67',
    '+44 20 7946 0958',
  ])('when the text holds %s, then exactly it is a phone hit', (phone) => {
    expect(found(`Soittakaa numeroon ${phone}, kiitos.`)).toEqual([['phone_number', phone]]);
  });

  it.each(['040 123', '358401234567', '0412345-6'])('when the text holds %s, then it is not a phone hit', (value) => {
    expect(screenText(`Numero ${value} lomakkeessa.`)).toEqual([]);
  });
});

describe('screenText: e-mail addresses and payment cards', () => {
  it.each([
    'matti.meikalainen@example.fi',
    'teppo+palaute@esimerkki.fi',
    'aino.mäkelä@esimerkki.fi',
    'T.K@Example.ORG',
  ])('when the text holds %s, then exactly it is an e-mail hit', (email) => {
    expect(found(`Vastatkaa osoitteeseen ${email}.`)).toEqual([['email', email]]);
  });

  it.each(['Kiitos @kerava!', 'Tägäsin @Kerava_fi', 'matti@kerava ei ole osoite', 'klo 12@ kotona'])(
    'when the text is %s, then there is no e-mail hit',
    (text) => {
      expect(screenText(text)).toEqual([]);
    },
  );

  it.each([
    ['Visa', '4111 1111 1111 1111'],
    ['Visa, generated', withLuhn('453201511283036')],
    ['Mastercard', '5555-5555-5555-4444'],
    ['Mastercard 2-series', withLuhn('222300312200322').replace(/(\d{4})(?=\d)/g, '$1 ')],
    ['Amex', '3782 822463 10005'],
  ])('when the text holds a %s number, then it is a payment card hit', (_scheme, card) => {
    expect(found(`Kortti ${card} veloitettiin kahdesti.`)).toEqual([['payment_card', card]]);
  });

  it.each([
    ['fails the Luhn check', '4111 1111 1111 1112'],
    ['has an unknown issuer prefix', withLuhn('901234567890123')],
    ['has a length its scheme does not issue', withLuhn('41111111111111')],
  ])('when a card-like number %s, then it is not a hit', (_what, card) => {
    expect(screenText(`Tilausnumero ${card}.`)).toEqual([]);
  });
});

describe('screenText: overlaps and ordering', () => {
  it('when an IBAN contains phone-like digits, then only the IBAN is a hit', () => {
    const value = grouped(iban('FI', '04012345670000'));
    expect(found(`Tili ${value}`)).toEqual([['iban', value]]);
  });

  it('when an identity code is part of an e-mail address, then the whole address is one hit', () => {
    const email = `${hetu('131052', '-', '308')}@example.fi`;
    expect(found(`Osoite ${email}`)).toEqual([['email', email]]);
  });

  it('when a text holds several kinds, then the hits are sorted by start and do not overlap', () => {
    const text = `Soita 040 123 4567 tai ${hetu('131052', '-', '308')}, tili ${grouped(iban('FI', '12345600000785'))}, a@b.fi`;
    const hits = screenText(text);
    expect(hits.map((hit) => hit.kind)).toEqual(['phone_number', 'personal_identity_code', 'iban', 'email']);
    hits.slice(1).forEach((hit, i) => expect(hit.start).toBeGreaterThanOrEqual(hits[i].end));
  });
});

describe('screenText: ordinary feedback', () => {
  it.each([
    'Ilmoitin 12.5.2024 ja 05.06.2024, sekä 2024-05-12 ja 05-06-2024.',
    'Auki klo 16.30, ma–pe 8.00–20.00, 08.00-16.00, 0800-1600 ja 14:15–15:35.',
    'Katuvalo Kauppakaari 11 B 23, 04200 Kerava; PL 123, 04201 KERAVA.',
    'Maksoin 1 250 €, 12,50 e, EUR 7.80, €1,243.60 ja 1.250,00 €.',
    'Pyyntö 2026-000123, asia 2025-004512, tiketti #45821, H-2025-1187.',
    'Sijainti 60.4041, 25.1043 eli N 60° 24.246 E 25° 6.258.',
    'Vuosina 2019–2024 ja 2019-2024, rakennusvuosi 1972, kaava 015/2024, pöytäkirja 045/2026.',
    'Lasinsiruja 3 kpl 20 m välein, 1,5 m lunta, 30 km/h, 2 h 15 min.',
    'Bussit 975, 961 ja 641N; pysäkki H0412; laituri 2.',
    'Kiinteistötunnus 245-005-0012-0034, Y-tunnus 0912345-6 ja 2087911-5.',
    'Mittari 0451.2345 m³, tilaus 0401/22/2025, dnro 091/2024-45.',
    'Rekisterinumero ABC-123, kaupunkipyörä 1127, virhekoodi 0x80070005.',
    'Gatlampan vid Savionkatu 55 har inte lyst sedan 12.1.2026 kl. 16.30.',
    'Ärendenummer 2026-000123, avgift 6,50 €, postnummer 04250.',
    'Bus 975 did not stop at 7:42 on 2024-06-01; fine €80; flat 12, Asemantie 4.',
    'Kiitos @kerava ja @liikuntapalvelut!',
  ])('when the text is "%s", then there is no hit', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('when the fixture corpus of ordinary feedback is screened, then no line has a hit', () => {
    const corpus = fs.readFileSync(path.join(__dirname, '../../fixtures/screening/ordinary-feedback.txt'), 'utf8');
    const lines = corpus.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(300);
    expect(lines.filter((line) => screenText(line).length > 0)).toEqual([]);
  });
});

describe('redactText', () => {
  const code = hetu('131052', '-', '308');
  const text = `Hetu ${code}, puh 040 123 4567.`;

  it.each([
    ['fi', 'Hetu [henkilötunnus poistettu], puh [puhelinnumero poistettu].'],
    ['sv', 'Hetu [personbeteckning borttagen], puh [telefonnummer borttaget].'],
    ['en', 'Hetu [personal identity code removed], puh [phone number removed].'],
  ] as const)('when the locale is %s, then each hit is replaced by its label', (locale, expected) => {
    expect(redactText(text, screenText(text), locale)).toBe(expected);
  });

  it('when hits come unsorted, then the result is the same as for sorted hits', () => {
    const hits = screenText(text);
    expect(redactText(text, [...hits].reverse(), 'fi')).toBe(redactText(text, hits, 'fi'));
  });

  it('when there are no hits, then the text is returned unchanged', () => {
    expect(redactText('Katuvalo ei pala Kauppakaari 11:n kohdalla.', [], 'fi')).toBe(
      'Katuvalo ei pala Kauppakaari 11:n kohdalla.',
    );
  });

  it('when hits overlap, then the overlapped characters are redacted once', () => {
    const hits: ScreeningHit[] = [
      { kind: 'email', start: 0, end: 6 },
      { kind: 'phone_number', start: 4, end: 8 },
    ];
    expect(redactText('abcdefgh!', hits, 'en')).toBe('[e-mail address removed][phone number removed]!');
  });

  it('when any kind is redacted in any locale, then there is a bracketed label', () => {
    for (const labels of Object.values(REDACTION_LABELS)) {
      for (const label of Object.values(labels)) expect(label).toMatch(/^\[[^\]]+\]$/);
    }
  });
});
