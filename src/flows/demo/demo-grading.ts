// Demo step "grading": the demo city graded by every default model as of the clock's today (公共信用综合评价,
// docs/grading.md), so the grades, their reasons and the distribution are there from the first start.
import { runGrading } from '../../modules/grading/index.js'
import type { DemoStep } from './demo.types.js'

export const gradingStep: DemoStep = {
  name: 'grading',
  async run(ctx, state) {
    await runGrading(ctx, state.actor, {
      onProgress: (done, total) => state.progress('grading', done, total),
    })
  },
}
