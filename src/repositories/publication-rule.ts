/**
 * The privacy gate's rule (docs/privacy-gate.md §1) as a condition on request `r` of service
 * `s`, for admin-side queries over the base tables: the statistics' published share and the
 * check that a duplicate's original is public. Public reads never use it: they select from the
 * views (public-scope.ts), which hold the same rule; test/contract/public-views.test.ts checks
 * that this condition and the `public_request` view agree on every request.
 */
export const PUBLIC_WHERE = `r.visibility = 'public' AND r.publication_consent AND NOT s.never_public`;
