import { EVENT_KINDS } from '../event-kinds';
import { conflict } from '../errors';
import { recordEvent } from '../../repositories/admin/events';
import {
  loadPublicationState,
  updatePublication,
  type PublicationChange,
  type PublicationState,
} from '../../repositories/admin/moderation-publication';
import type { Action } from './action';
import { describeHits, publicationRefusal, screenPublicText, type PublicTextHit } from './publication-rules';

export type PublicationBody = {
  visibility?: 'public' | 'hidden';
  title_public?: string | null;
  description_public?: string;
  force?: boolean;
};

const TEXT_FIELDS = [
  ['title_public', 'titlePublic'],
  ['description_public', 'descriptionPublic'],
] as const;

/** Only what actually differs from the stored state. */
function changeOf(state: PublicationState, body: PublicationBody): PublicationChange {
  const change: PublicationChange = {};
  if (body.visibility !== undefined && body.visibility !== state.visibility) change.visibility = body.visibility;
  if (body.title_public !== undefined && body.title_public !== state.titlePublic) {
    change.titlePublic = body.title_public;
  }
  if (body.description_public !== undefined && body.description_public !== state.descriptionPublic) {
    change.descriptionPublic = body.description_public;
  }
  return change;
}

/** Identifiers left in the text a public request would show; 409 unless the handler forces. */
function checkPublicText(state: PublicationState, body: PublicationBody): PublicTextHit[] {
  const title = body.title_public !== undefined ? body.title_public : state.titlePublic;
  const hits = screenPublicText(title, body.description_public ?? state.descriptionPublic);
  if (hits.length > 0 && body.force !== true) {
    throw conflict(
      `the public text still contains personal data (${describeHits(hits)}): redact it, ` +
        'or send "force": true if screening is wrong',
    );
  }
  return hits;
}

/**
 * PATCH publication: publish, hide, and/or edit (redact) the public title and description. The
 * privacy gate refuses publication without consent or in a never-public service (409); a text
 * that would be public is screened again. Writes `text_edited` (which fields changed) when text
 * was given and `published`/`hidden` when visibility was given; answers with the last event.
 */
export const publicationAction: Action<PublicationBody> = async (client, ref, body, principal) => {
  const state = await loadPublicationState(client, ref.id);
  const refusal = body.visibility === 'public' ? publicationRefusal(state, ref.publicId) : null;
  if (refusal !== null) throw conflict(refusal);
  const willBePublic = (body.visibility ?? state.visibility) === 'public';
  const forced = willBePublic ? checkPublicText(state, body) : [];
  const change = changeOf(state, body);
  await updatePublication(client, ref.id, change);
  const event = { requestId: ref.id, handlerId: principal.id, public: false };
  const overridden = forced.length > 0 ? { forced } : {};
  let eventId = '';
  if (body.title_public !== undefined || body.description_public !== undefined) {
    const fields = TEXT_FIELDS.filter(([, key]) => change[key] !== undefined).map(([field]) => field);
    eventId = await recordEvent(client, { ...event, kind: EVENT_KINDS.textEdited, data: { fields, ...overridden } });
  }
  if (body.visibility !== undefined) {
    const kind = body.visibility === 'public' ? EVENT_KINDS.published : EVENT_KINDS.hidden;
    const data = { from: state.visibility, to: body.visibility, ...overridden };
    eventId = await recordEvent(client, { ...event, kind, data });
  }
  return eventId;
};
