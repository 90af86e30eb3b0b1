/**
 * No import cycles between the capability folders under src/ (`npm run lint:cycles`, part of
 * `npm run lint` and so of `npm test`). The rule is folder-scoped: a cycle counts when folders
 * depend on each other, even if no single file is in a cycle. A folder dependency is reported
 * when it leaves its top folder (src/bot -> src/dialogs/...) and is part of a cycle; cycles
 * inside one capability (src/console/api <-> src/console/auth) are that folder's own business.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles-between-src-folders',
      severity: 'error',
      scope: 'folder',
      comment:
        'Two src/ folders import each other (directly or through others). Move what both need ' +
        'into a folder below them (as src/turn holds the turn context) or pass it in from src/app.ts.',
      from: { path: '^src/([^/]+)' },
      to: { circular: true, pathNot: '^src/$1(/|$)' },
    },
  ],
  options: {
    includeOnly: '^src/',
    // Type-only imports count: they tie the folders together as much as value imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
