import type { Locale } from './catalogue';
import type { DetailedStatus } from './detailed-status';
import type { RequestFilter } from './request-filter';

/** Whether the public sees a request (docs/domain-model.md); never called status. */
export type Visibility = 'pending' | 'public' | 'hidden';

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
  page: number;
  pageSize: number;
};
