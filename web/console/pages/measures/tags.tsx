import { Tag } from 'antd'
import { labelOf, scenarioLabels } from '../../../shared/labels.js'
import { measureKindShort, measureStatusLabels } from './format.js'

/** 激励 (green) / 惩戒 (red): the word carries the meaning, the colour only helps. */
export function MeasureKindTag({ value }: { value: string }) {
  return <Tag color={value === 'reward' ? 'green' : 'red'}>{labelOf(measureKindShort, value)}</Tag>
}

export function MeasureStatusTag({ value }: { value: string }) {
  return <Tag color={value === 'active' ? 'blue' : 'default'}>{labelOf(measureStatusLabels, value)}</Tag>
}

export function ScenarioTags({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((s) => (
        <Tag key={s} className="gx-home-tag">
          {labelOf(scenarioLabels, s)}
        </Tag>
      ))}
    </>
  )
}
