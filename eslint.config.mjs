import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The route floor (HTTP adapters) and the domain floor's services with their own adapters. */
const ROUTES = ['http', 'open311', 'admin', 'feeds', 'pages'];
const DOMAIN_SERVICES = ['mail', 'media', 'residents', 'webhooks'];
/** Domain modules that are commands (they call repositories), not shared types. */
const DOMAIN_COMMANDS = ['submit-request', 'workflow', 'request-access', 'action-result'];

/** A relative import that climbs into one of `folders` of src/ (e.g. `../http/errors`, `../../admin/principal`). */
const floorRule = (folders, floor) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: `${floor} may not import from a floor above (src/${folders.join(', src/')}): see docs/architecture.md §2`,
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  // The floors (docs/architecture.md §2): nothing imports from a floor above its own.
  {
    files: [
      'src/domain/**/*.ts',
      'src/mail/**/*.ts',
      'src/media/**/*.ts',
      'src/residents/**/*.ts',
      'src/webhooks/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [floorRule(ROUTES, 'the domain')] }] },
  },
  {
    files: ['src/repositories/**/*.ts', 'src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            floorRule([...ROUTES, ...DOMAIN_SERVICES], 'repositories and db'),
            {
              regex: `^(\\.\\./)+domain/(${DOMAIN_COMMANDS.join('|')})(/|$)`,
              message: 'repositories and db may use domain types, never its commands: see docs/architecture.md §2',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  // The web widget runs in browsers (docs/widget.md); its DOM types come from widget/tsconfig.json.
  {
    files: ['widget/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|(\\.\\./)+src/)', message: 'the widget runs in browsers: no Node or server modules' }] },
      ],
    },
  },
);
