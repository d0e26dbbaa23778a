import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ONLY = {
  selector: "CallExpression[callee.property.name='only']",
  message: '.only leaves other tests silently skipped',
};
// Issue 8: the chat layer and the adapters never query; services do.
const QUERIES = [
  {
    selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]",
    message: 'No queries here: move the read or write into a service (src/services) and call it.',
  },
  { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'No SQL here: move it into a service (src/services).' },
];
const restricted = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.duebot/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': ['error', ONLY],
    },
  },
  // Layers (DESIGN.md "Layout"): dependencies point inward — adapters and jobs → services →
  // store, domain. test/unit/lint/layer-rules.test.ts shows each rule failing a file that breaks it.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([
        { group: ['**/services/**', '**/store/**', '**/chat/**', '**/cli/**', '**/server/**', '**/adapters/**', '**/jobs/**', 'kysely', 'pg'],
          message: 'src/domain is pure rules: it imports nothing of ours beyond src/domain, and no I/O.' },
      ]),
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([
        { group: ['**/chat/**', '**/cli/**', '**/adapters/**', '**/jobs/**', '@slack/*', '@larksuiteoapi/*'],
          message: 'Services never import the chat layer, the CLI, adapters, jobs or a chat SDK: they return data, others render it.' },
      ]),
    },
  },
  {
    files: ['src/chat/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([
        { group: ['**/store/**'], allowTypeImports: true, message: 'src/chat never queries: call a service (types only from src/store).' },
        { group: ['kysely', 'pg'], message: 'src/chat never queries: call a service.' },
        { group: ['**/adapters/**', '**/jobs/**', '**/cli/**'], message: 'src/chat is platform-neutral: adapters, jobs and the CLI depend on it, not the reverse.' },
      ]),
      'no-restricted-syntax': ['error', ONLY, ...QUERIES],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restricted([
        { group: ['**/src/store/**', 'kysely', 'pg'], message: 'Adapters never import src/store: call a service (the Db type is in src/services/database.ts).' },
      ]),
      'no-restricted-syntax': ['error', ONLY, ...QUERIES],
    },
  },
);
