import { Link } from 'react-router-dom'
import { labelOf, listKindLabels, severityLabels } from '../../shared/labels.js'
import { ObjectionTag, dash, untilText } from './present.js'
import type { PublicRecordSummary } from './types.js'

/**
 * One record in an entity file: class, document number, authority, date, publication period (a commitment also its
 * 履约状态); links to the record.
 */
export function RecordRow({ record }: { record: PublicRecordSummary }) {
  // a published credit commitment carries its 履约状态 (履约中 / 已履约 / 未履约)
  const status = record.class === 'commitment' ? record.fields.find((f) => f.code === 'fulfilment_status') : undefined
  const fulfilment = typeof status?.value === 'string' ? status.value : null
  return (
    <li className="gx-record-row" data-testid="record-row">
      <Link className="gx-record-link" to={`/records/${record.id}`}>
        <span className="gx-record-title">{record.className}</span>
        {record.severity ? <span className="gx-record-sev">（{labelOf(severityLabels, record.severity)}）</span> : null}
        {record.list ? <span>（{labelOf(listKindLabels, record.list.kind)}）</span> : null}
        {fulfilment ? <span data-testid="fulfilment-status">（{fulfilment}）</span> : null}{' '}
        <ObjectionTag marks={record.marks} />
        <span className="gx-record-meta">
          <span>文书号：{dash(record.documentNo)}</span>
          <span>决定机关：{dash(record.authority)}</span>
          <span>决定日期：{dash(record.decidedOn)}</span>
          <span>{untilText(record.publication?.until)}</span>
        </span>
      </Link>
    </li>
  )
}
