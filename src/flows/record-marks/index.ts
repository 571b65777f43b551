// Marks on records: opening, closing and listing 「异议处理中」 marks (routes, CLI), reading the record through the
// records module and writing the mark through the marks module.
export { closeMark, type MarkInput, markHistory, openMark, readMarkHistory } from './record-marks.flow.js'
export { closeMarkStep, openMarkStep } from './mark-steps.js'
export { markRoutes } from './record-marks.routes.js'
