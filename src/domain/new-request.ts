import type { Locale } from './catalogue';
import type { Intake } from './intake-channel';

/** The submitter's contact details as given (stored apart from the request: src/db/entities/request-contact.ts). */
export type Contact = {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  accountId: string | null;
  deviceId: string | null;
};

/** A validated POST requests body, ready to store (docs/open311-dialect.md §11). */
export type NewRequest = {
  jurisdictionId: string;
  serviceId: number;
  visibility: 'pending' | 'public';
  publicationConsent: boolean;
  title: string | null;
  description: string;
  /** What the public may see once published: the texts with screening hits redacted. */
  publicTitle: string | null;
  publicDescription: string;
  /** Why screening held the request (kinds and fields only, never the matched text). */
  screeningHits: { field: 'title' | 'description'; kind: string }[];
  agencyResponsible: string | null;
  serviceNotice: string;
  /** When the request was received: stored as requested_at, the base of the deadline and estimate. */
  receivedAt: Date;
  /** End of the service's sla_days-th working day after receipt (src/domain/working-days.ts). */
  deadlineAt: Date;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  locale: Locale;
  token: string | null;
  /** Private tracking token for the submitter (returned once; only its hash is stored). */
  trackingToken: string | null;
  /** The client application that sent it; null when a handler took it in. */
  applicationId: number | null;
  attributes: Record<string, string | string[]>;
  mediaUrls: string[];
  contact: Contact;
  /** Shown with the request while it is public; screened at intake (docs/publication.md §2). */
  nickname: string | null;
  /** The signed-in resident (verified JWT), whose subject becomes account_id; null when anonymous. */
  resident?: { issuer: string; subject: string } | null;
  /** Set when a handler took the request in for a resident (docs/staff-intake.md). */
  intake?: Intake | null;
};
