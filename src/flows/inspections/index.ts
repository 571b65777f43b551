// 双随机、一公开 across modules: inspection results recorded per target and published through the collection
// pipeline as records of the class 行政检查结果信息.
export { RESULT_CLASS, recordResults, type ResultInput } from './results.flow.js'
export { inspectionResultRoutes } from './results.routes.js'
