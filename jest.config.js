/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // Browser and multi-process suites share ports and CPU on a 2-core machine.
  maxWorkers: 2,
  // A worker reaches its 'exit' event within a few ms of being told to end (no open handle is
  // left), but on a loaded 2-core machine the process itself (V8 and thread-pool shutdown) took
  // over the default 500 ms to terminate, and Jest then reported a "worker failed to exit
  // gracefully" that was no leak. A real leak still shows, after 5 s.
  workerGracefulExitTimeout: 5000,
  // Each test file loads the app afresh into the worker's module registry, and V8 does not give all
  // of it back: with 200 files a worker reached its heap limit and crashed. A worker above this after
  // a file is replaced by a fresh one (Jest's own remedy for registries that grow).
  workerIdleMemoryLimit: '1536MB',
};
