import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at a time on CI's 2 cores: much of the suite waits on real time (watch polls, servers, spawned CLIs
    // and browsers), which a second worker overlaps; vitest's default on 2 cores is one worker.
    maxWorkers: 2,
  },
});
