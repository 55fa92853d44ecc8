/**
 * The audit log's event kinds (request_event.kind). Public ones carry a detailed_status and
 * form the resident-visible history (`log`, mySociety updates); the rest are internal.
 */
export const EVENT_KINDS = {
  /** Resident sent the request (public, RECEIVED). */
  created: 'created',
  /** Detailed status moved (public), optionally with a public answer as the note. */
  statusChanged: 'status_changed',
  /**
   * An answer without a status change (detailed_status = current). Public as a rule; a private
   * answer (docs/publication.md §1) is internal, with data.visibility = 'private', and is
   * e-mailed to the resident only.
   */
  answered: 'answered',
  /** Internal note for handlers (never public). */
  note: 'note',
  /** Assigned to a department and/or handler (internal). */
  assigned: 'assigned',
  /** Moved to another department of the city; request stays open (internal). */
  redirectedInternal: 'redirected_internal',
  /** Sent to another authority; closed REJECTED with the authority in the answer (public). */
  redirectedExternal: 'redirected_external',
  /** Closed as a duplicate of another request (public; data.original = its public id). */
  duplicate: 'duplicate',
  /** Publication decisions and text edits (internal). */
  published: 'published',
  hidden: 'hidden',
  textEdited: 'text_edited',
  photoPublished: 'photo_published',
  photoHidden: 'photo_hidden',
  /** expected_datetime set or cleared by a handler (internal; a new date is e-mailed to the resident). */
  expectedSet: 'expected_set',
  /**
   * The submitter added text and/or photos with their tracking token (docs/pages.md §4). Public
   * (with the current detailed status and the redacted text as the note) only when the request is
   * public, its category auto-published and screening found nothing; data holds the own text.
   */
  residentAddedDetails: 'resident_added_details',
  /** A handler removed the resident's nickname from public view (internal; data.nickname keeps it). */
  nicknameRemoved: 'nickname_removed',
  /** An admin erased the request's personal data; data holds the reason and what went (internal). */
  erased: 'erased',
  /** The retention job erased the contact details of a long-closed request (internal). */
  contactErased: 'contact_erased',
} as const;

export type EventKind = (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS];
