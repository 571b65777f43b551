// Read model "grade stats": a grading model's grade distribution (current, by district and industry, at past
// month ends). Read by the grading module; see grade-stats.queries.ts.
export {
  currentByEntityColumn,
  currentByGrade,
  firstGradedOn,
  type GradeCount,
  type GroupedGradeCount,
  gradesAsOf,
} from './grade-stats.queries.js'
export { reads } from './reads.js'
