import { Tag } from 'antd'
import {
  disclosureScopeLabels,
  labelOf,
  listKindLabels,
  polarityLabels,
  severityLabels,
} from '../../../shared/labels.js'

const polarityColors: Readonly<Record<string, string>> = { positive: 'green', negative: 'red', neutral: 'default' }
const listColors: Readonly<Record<string, string>> = { red: 'red', black: '#262626', focus: 'orange' }
const severityColors: Readonly<Record<string, string>> = { minor: 'default', general: 'orange', serious: 'red' }

export function PolarityTag({ value }: { value: string }) {
  return <Tag color={polarityColors[value]}>{labelOf(polarityLabels, value)}</Tag>
}

export function ScopeTag({ value }: { value: string }) {
  return <Tag color={value === 'public' ? 'blue' : undefined}>{labelOf(disclosureScopeLabels, value)}</Tag>
}

export function ListKindTag({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>
  return (
    <Tag color={listColors[value]} variant={value === 'black' ? 'solid' : undefined}>
      {labelOf(listKindLabels, value)}
    </Tag>
  )
}

export function SeverityTag({ value }: { value: string | null | undefined }) {
  if (!value) return <>—</>
  return <Tag color={severityColors[value]}>{labelOf(severityLabels, value)}</Tag>
}
