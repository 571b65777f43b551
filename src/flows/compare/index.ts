// Batch comparison (批量比对) in the background: the upload, progress and download routes and the runner that
// continues interrupted comparisons (the comparison itself is src/modules/compare).
export { compareRoutes } from './compare.routes.js'
export {
  ComparisonRuns,
  comparisonInterrupted,
  type RunOptions,
  type RunOutcome,
  runComparison,
  startCompareWorker,
} from './compare.runner.js'
