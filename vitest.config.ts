import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A cache folder for the workspaces many files build alike (test/workspace-cache.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    // Hooks that build a simulated month wait for the one worker building it (test/workspace-cache.ts).
    hookTimeout: 600_000,
    pool: 'forks',
    // Two files at a time on CI's 2 cores: much of the suite waits on real time (watch polls, servers, spawned CLIs
    // and browsers), which a second worker overlaps; vitest's default on 2 cores is one worker.
    maxWorkers: 2,
  },
});
