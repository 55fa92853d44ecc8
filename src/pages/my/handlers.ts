import type { Context } from 'koa';
import { LOCALES, type Locale } from '../../domain/catalogue';
import { badRequest } from '../../domain/errors';
import type { AppDeps } from '../../deps';
import { readText } from '../../http/body';
import { fieldsFromForm, first } from '../../http/fields';
import { checkFields } from '../../http/text-rules';
import {
  normalizeEmail,
  requestSignInLink,
  sessionEmail,
  signInLinkUsable,
  signInWithLink,
  signOut,
} from '../../residents/email-sign-in';
import { listMyFeedback } from '../../residents/my-feedback';
import { pageLocale } from '../page-locale';
import { sendPage } from '../send-page';
import { requireSameOrigin } from './same-origin';
import { clearSessionCookie, sessionCookie, setSessionCookie } from './session-cookie';
import type { SignInLimits } from './sign-in-limits';
import { MY_TEXTS } from './texts';
import { formPage, invalidLinkPage, linkPage, listPage, sentPage } from './views';

/**
 * "My feedback" by e-mail link (docs/residents.md, "My feedback by e-mail link"). Every page is
 * private (`private, no-store`, no Referer): it shows a resident's own requests or carries a token.
 */

const FORM_BYTES = 4096;

/** The page's language (also the error page's, through ctx.state). */
function language(ctx: Context, deps: AppDeps): Locale {
  const lang = pageLocale(ctx, deps.config.defaultLocale);
  ctx.state.pageLocale = lang;
  return lang;
}

/** The language the resident chose explicitly (`?lang=`), else null: the mail follows their latest request. */
function chosenLanguage(ctx: Context): Locale | null {
  const asked = ctx.query.lang;
  return typeof asked === 'string' && (LOCALES as readonly string[]).includes(asked) ? (asked as Locale) : null;
}

/** An urlencoded form body (the only kind our forms send), under the text rule. */
async function readForm(ctx: Context): Promise<Map<string, string[]>> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    if (Number(ctx.get('content-length') || 0) === 0 && ctx.get('content-type') === '') return new Map();
    throw badRequest('the form must be sent as application/x-www-form-urlencoded');
  }
  const fields = fieldsFromForm(await readText(ctx, { bytes: FORM_BYTES }));
  checkFields(fields);
  return fields;
}

/** GET /my: the signed-in resident's requests, or the form asking for a link. */
export async function showMy(ctx: Context, deps: AppDeps): Promise<void> {
  const lang = language(ctx, deps);
  const email = await sessionEmail(deps.db.pool, sessionCookie(ctx));
  if (email === null) return sendPage(ctx, formPage(lang), { private: true });
  sendPage(ctx, listPage(lang, await listMyFeedback(deps.db.pool, email, lang)), { private: true });
}

/**
 * POST /my/sign-in: always the same answer, known address or not (no account enumeration);
 * a well-formed address within its limit gets a link when it has feedback.
 */
export async function askForLink(ctx: Context, deps: AppDeps, limits: SignInLimits): Promise<void> {
  const lang = language(ctx, deps);
  requireSameOrigin(ctx, deps.config.publicBaseUrl);
  await limits.address(ctx.ip);
  const email = normalizeEmail(first(await readForm(ctx), 'email') ?? '');
  if (email === null) {
    return sendPage(ctx, formPage(lang, MY_TEXTS[lang].emailInvalid), { private: true, status: 400 });
  }
  if (await limits.email(email)) {
    await requestSignInLink(deps.db.pool, {
      email,
      locale: chosenLanguage(ctx),
      baseUrl: deps.config.publicBaseUrl,
      minutes: deps.config.signInLinkMinutes,
    });
  }
  sendPage(ctx, sentPage(lang, deps.config.signInLinkMinutes), { private: true });
}

/** 410 for a link that is used, expired or unknown: one answer, with the form for a new one. */
const sendInvalid = (ctx: Context, lang: Locale) =>
  sendPage(ctx, invalidLinkPage(lang), { private: true, status: 410 });

/** GET /my/sign-in/{token}: a button that uses the link; looking does not use it. */
export async function showLink(ctx: Context, deps: AppDeps): Promise<void> {
  const lang = language(ctx, deps);
  const token = String(ctx.params.token);
  if (!(await signInLinkUsable(deps.db.pool, token))) return sendInvalid(ctx, lang);
  sendPage(ctx, linkPage(lang, token), { private: true });
}

/** POST /my/sign-in/{token}: uses the link once, opens a session and goes to the list. */
export async function useLink(ctx: Context, deps: AppDeps): Promise<void> {
  const lang = language(ctx, deps);
  requireSameOrigin(ctx, deps.config.publicBaseUrl);
  const { pool } = deps.db;
  const sessionId = await signInWithLink(pool, String(ctx.params.token), deps.config.signInSessionHours);
  if (sessionId === null) return sendInvalid(ctx, lang);
  setSessionCookie(ctx, sessionId, deps.config.signInSessionHours, deps.config.publicBaseUrl);
  seeOther(ctx, lang);
}

/** POST /my/sign-out: ends the session (and forgets it) and goes back to the form. */
export async function leave(ctx: Context, deps: AppDeps): Promise<void> {
  const lang = language(ctx, deps);
  requireSameOrigin(ctx, deps.config.publicBaseUrl);
  await signOut(deps.db.pool, sessionCookie(ctx));
  clearSessionCookie(ctx, deps.config.publicBaseUrl);
  seeOther(ctx, lang);
}

function seeOther(ctx: Context, lang: Locale): void {
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.status = 303;
  ctx.redirect(`/my?lang=${lang}`);
}
