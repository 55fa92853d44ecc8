import type { Locale } from './catalogue';
import type { DetailedStatus } from './detailed-status';
import type { RequestFilter } from './request-filter';

/** Whether the public sees a request (docs/domain-model.md); never called status. */
export type Visibility = 'pending' | 'public' | 'hidden';

/** What the inbox is ordered by: receipt, the start-of-processing deadline, or the last change. */
export type InboxSortKey = 'received' | 'deadline' | 'changed';
export type InboxSort = { key: InboxSortKey; descending: boolean };

/** `sort` as the document spells it (`deadline`, `-changed`, …); the default is `-received`, newest first. */
export function parseInboxSort(value: string | undefined): InboxSort {
  const text = value ?? '-received';
  const descending = text.startsWith('-');
  return { key: (descending ? text.slice(1) : text) as InboxSortKey, descending };
}

/** The inbox list after parsing and department scoping; null means "no such filter". */
export type InboxFilter = {
  /** Departments to show (scope ∩ `department_id`); `none` = requests without one; null = all. */
  departments: readonly number[] | 'none' | null;
  jurisdictionId: string | null;
  detailedStatuses: DetailedStatus[] | null;
  statuses: ('open' | 'closed')[] | null;
  visibilities: Visibility[] | null;
  held: boolean | null;
  overdue: boolean | null;
  serviceIds: number[] | null;
  assignee: number | 'none' | null;
  text: string | null;
  bbox: RequestFilter['bbox'];
  requestedFrom: Date | null;
  requestedTo: Date | null;
  locale: Locale | null;
  sort: InboxSort;
  page: number;
  pageSize: number;
};
