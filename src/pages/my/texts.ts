import type { Locale } from '../../domain/catalogue';

/** The words of the "My feedback" pages (docs/residents.md, "My feedback by e-mail link"). */
export type MyTexts = {
  title: string;
  intro: string;
  emailLabel: string;
  emailHint: string;
  emailInvalid: string;
  send: string;
  sentTitle: string;
  sentText: (minutes: number) => string;
  sentSpam: string;
  askAgain: string;
  linkTitle: string;
  linkText: string;
  signIn: string;
  invalidTitle: string;
  invalidText: string;
  signOut: string;
  listIntro: string;
  count: (shown: number, total: number) => string;
  empty: string;
  received: string;
  category: string;
  status: string;
  address: string;
  yourText: string;
  answers: string;
  noAnswers: string;
  published: string;
  notPublished: string;
  publicPage: string;
};

const fi: MyTexts = {
  title: 'Omat palautteet',
  intro:
    'Jos olet antanut sähköpostiosoitteesi palautteen yhteydessä, voit katsoa kaikki palautteesi ja niiden vastaukset. Lähetämme osoitteeseesi kirjautumislinkin.',
  emailLabel: 'Sähköpostiosoite',
  emailHint: 'Sama osoite, jonka annoit palautteen yhteydessä.',
  emailInvalid: 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
  send: 'Lähetä kirjautumislinkki',
  sentTitle: 'Tarkista sähköpostisi',
  sentText: (minutes) =>
    `Jos tästä osoitteesta on annettu palautetta, lähetimme siihen kirjautumislinkin. Linkki toimii ${minutes} minuuttia ja vain kerran.`,
  sentSpam: 'Jos viestiä ei näy, katso myös roskapostikansio.',
  askAgain: 'Pyydä uusi linkki',
  linkTitle: 'Kirjaudu omiin palautteisiin',
  linkText: 'Jatka painamalla painiketta. Linkki toimii vain kerran.',
  signIn: 'Kirjaudu',
  invalidTitle: 'Linkki ei ole enää voimassa',
  invalidText: 'Kirjautumislinkki on jo käytetty tai vanhentunut. Voit pyytää uuden linkin alla.',
  signOut: 'Kirjaudu ulos',
  listIntro: 'Tässä ovat tällä sähköpostiosoitteella lähettämäsi palautteet, uusin ensin. Vain sinä näet tämän sivun.',
  count: (shown, total) =>
    shown === total ? `Palautteita: ${total}.` : `Näytetään ${shown} uusinta palautetta (${total}).`,
  empty: 'Tällä osoitteella ei ole palautteita.',
  received: 'Lähetetty',
  category: 'Aihe',
  status: 'Tila',
  address: 'Osoite',
  yourText: 'Palautteesi',
  answers: 'Vastaukset ja käsittely',
  noAnswers: 'Ei vielä vastauksia.',
  published: 'Julkaistu',
  notPublished: 'Ei julkaistu: vain sinä näet tämän palautteen.',
  publicPage: 'Julkinen sivu',
};

const sv: MyTexts = {
  title: 'Min respons',
  intro:
    'Om du har angett din e-postadress när du gav respons kan du se all din respons och svaren på den. Vi skickar en inloggningslänk till din adress.',
  emailLabel: 'E-postadress',
  emailHint: 'Samma adress som du angav när du gav respons.',
  emailInvalid: 'Skriv e-postadressen i formen namn@exempel.fi.',
  send: 'Skicka inloggningslänk',
  sentTitle: 'Kontrollera din e-post',
  sentText: (minutes) =>
    `Om respons har getts från den här adressen har vi skickat en inloggningslänk till den. Länken fungerar i ${minutes} minuter och bara en gång.`,
  sentSpam: 'Om meddelandet inte syns, titta också i skräppostmappen.',
  askAgain: 'Be om en ny länk',
  linkTitle: 'Logga in till din respons',
  linkText: 'Fortsätt genom att trycka på knappen. Länken fungerar bara en gång.',
  signIn: 'Logga in',
  invalidTitle: 'Länken gäller inte längre',
  invalidText: 'Inloggningslänken har redan använts eller gått ut. Du kan be om en ny länk nedan.',
  signOut: 'Logga ut',
  listIntro:
    'Här är den respons du har skickat med den här e-postadressen, den nyaste först. Bara du ser den här sidan.',
  count: (shown, total) => (shown === total ? `Respons: ${total}.` : `De ${shown} nyaste visas (${total}).`),
  empty: 'Ingen respons har skickats med den här adressen.',
  received: 'Skickad',
  category: 'Ämne',
  status: 'Status',
  address: 'Adress',
  yourText: 'Din respons',
  answers: 'Svar och behandling',
  noAnswers: 'Inga svar ännu.',
  published: 'Publicerad',
  notPublished: 'Inte publicerad: bara du ser den här responsen.',
  publicPage: 'Offentlig sida',
};

const en: MyTexts = {
  title: 'My feedback',
  intro:
    'If you gave your e-mail address with your feedback, you can see all your feedback and the answers to it. We will send a sign-in link to your address.',
  emailLabel: 'E-mail address',
  emailHint: 'The same address you gave with your feedback.',
  emailInvalid: 'Write the e-mail address as name@example.com.',
  send: 'Send a sign-in link',
  sentTitle: 'Check your e-mail',
  sentText: (minutes) =>
    `If feedback was given with this address, we have sent a sign-in link to it. The link works for ${minutes} minutes, once.`,
  sentSpam: 'If the message does not arrive, look in your spam folder too.',
  askAgain: 'Ask for a new link',
  linkTitle: 'Sign in to your feedback',
  linkText: 'Press the button to continue. The link works once only.',
  signIn: 'Sign in',
  invalidTitle: 'This link is no longer valid',
  invalidText: 'The sign-in link has already been used or has expired. You can ask for a new link below.',
  signOut: 'Sign out',
  listIntro: 'Here is the feedback you have sent with this e-mail address, newest first. Only you can see this page.',
  count: (shown, total) => (shown === total ? `Feedback: ${total}.` : `Showing the newest ${shown} (${total}).`),
  empty: 'No feedback has been sent with this address.',
  received: 'Sent',
  category: 'Category',
  status: 'Status',
  address: 'Address',
  yourText: 'Your feedback',
  answers: 'Answers and handling',
  noAnswers: 'No answers yet.',
  published: 'Published',
  notPublished: 'Not published: only you can see this feedback.',
  publicPage: 'Public page',
};

export const MY_TEXTS: Record<Locale, MyTexts> = { fi, sv, en };
