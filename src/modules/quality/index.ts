// Public surface of the quality module: feedback to providers (报送质量反馈) over the collection batches.
export { qualityError } from './quality.errors.js'
export { presentQuality } from './quality.presenter.js'
export { qualityRoutes } from './quality.routes.js'
export { batchScope, qualityReport, rate, scopeDept, TOP_ERRORS } from './quality.service.js'
export type { QualityFigures, QualityFilter, QualityItem, QualityReport, TopError } from './quality.types.js'
