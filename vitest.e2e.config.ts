// Browser (e2e) tests: the built web app in headless Chromium via playwright-core.
//   npm run test:e2e            (builds what is stale, starts a demo server, runs test/e2e/**/*.e2e.ts)
//   GONGXIN_E2E_BASE_URL=http://127.0.0.1:8080 GONGXIN_E2E_DEMO='{"logins":[...]}' npx vitest run --config vitest.e2e.config.ts
//     runs against a server you started yourself (see test/e2e/global-setup.ts).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // One browser at a time: the machine has 2 cores and the server is shared by every file.
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    reporters: ['default'],
  },
})
