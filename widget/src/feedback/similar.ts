import { call, urlOf, type PublicRequest } from '../api';
import type { Point } from '../map/point-picker';

/** One "already reported?" candidate with its latest public answer. */
export type SimilarItem = {
  id: string;
  serviceName: string;
  title: string | null;
  description: string;
  status: string;
  distance: number;
  answer: string | null;
};

type Candidate = {
  service_request_id: string;
  service_name: string;
  title: string | null;
  description: string;
  status_descriptive_name: string;
  distance: number;
};

export type SimilarQuery = {
  apiBase: string;
  serviceCode: string;
  point: Point;
  description: string;
  lang: string;
  jurisdictionId?: string;
};

/**
 * Open public requests of the category near the point (`GET similar.json`, docs/residents.md),
 * with their answers (`status_notes`, which the candidates do not carry) read in one
 * `requests.json?service_request_id=…` call.
 */
export async function findSimilar(query: SimilarQuery): Promise<SimilarItem[]> {
  const common = { locale: query.lang, jurisdiction_id: query.jurisdictionId };
  const candidates = await call<Candidate[]>(
    urlOf(query.apiBase, 'similar.json', {
      ...common,
      service_code: query.serviceCode,
      lat: query.point.lat,
      long: query.point.long,
      radius: 200,
      limit: 5,
      description: query.description.trim().length >= 3 ? query.description.trim().slice(0, 200) : undefined,
    }),
  );
  if (candidates.length === 0) return [];
  const requests = await call<PublicRequest[]>(
    urlOf(query.apiBase, 'requests.json', {
      ...common,
      service_request_id: candidates.map((c) => c.service_request_id).join(','),
    }),
  ).catch(() => [] as PublicRequest[]);
  const answers = new Map(requests.map((r) => [r.service_request_id, r.status_notes]));
  return candidates.map((c) => ({
    id: c.service_request_id,
    serviceName: c.service_name,
    title: c.title,
    description: c.description,
    status: c.status_descriptive_name,
    distance: Math.round(c.distance),
    answer: answers.get(c.service_request_id) ?? null,
  }));
}

/**
 * Asks again whenever the category or the point changes, once they rest for a moment; only the
 * latest question's answer is kept, and a failed search shows nothing rather than an error.
 */
export class SimilarSearch {
  private timer = 0;
  private asked = 0;

  constructor(private show: (items: SimilarItem[]) => void) {}

  schedule(query: SimilarQuery | null): void {
    clearTimeout(this.timer);
    const ask = ++this.asked;
    if (query === null) return this.show([]);
    this.timer = window.setTimeout(() => {
      findSimilar(query)
        .then((items) => ask === this.asked && this.show(items))
        .catch(() => ask === this.asked && this.show([]));
    }, 400);
  }
}
