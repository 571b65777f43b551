import { useEffect, useState, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import type { PublicationRuleSet, Severity } from '../../../src/modules/catalog/index.js'
import type { PublicDeadlineJson } from '../../../src/modules/deadlines/index.js'
import { api } from '../../shared/api.js'
import { useSite } from '../../shared/site.js'
import { useDocumentTitle } from '../../shared/use-title.js'

// 信用修复 (/repair) and 异议申诉 (/objection): what a subject may ask for, on what conditions, with which materials,
// who decides and how long each step takes - the working days read live from GET /api/v1/public/deadlines and the
// minimum publication periods from GET /api/v1/catalog/publication-rules - and the way to act: a signed-in subject
// goes to 「我的档案」 (where each record offers 提出异议 and 申请信用修复), anyone else to login or activation.

/** The documented defaults (data/deadlines/deadlines.json), shown only while the live terms cannot be read. */
const DEFAULT_DAYS: Readonly<Record<string, number>> = {
  'objection.accept': 2,
  'objection.platform_check': 2,
  'objection.provider_verify': 10,
  'repair.decide': 10,
  'repair.notify': 3,
}

interface Terms {
  status: 'loading' | 'ok' | 'error'
  deadlines: Readonly<Record<string, PublicDeadlineJson>>
  ruleSets: readonly PublicationRuleSet[]
}

function useTerms(): Terms {
  const [terms, setTerms] = useState<Terms>({ status: 'loading', deadlines: {}, ruleSets: [] })
  useEffect(() => {
    const controller = new AbortController()
    Promise.all([
      api<{ items: PublicDeadlineJson[] }>('/api/v1/public/deadlines', { signal: controller.signal }),
      api<{ items: PublicationRuleSet[] }>('/api/v1/catalog/publication-rules', { signal: controller.signal }),
    ])
      .then(([d, r]) =>
        setTerms({
          status: 'ok',
          deadlines: Object.fromEntries(d.items.map((x) => [x.code, x])),
          ruleSets: [...r.items].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom)),
        }),
      )
      .catch(() => {
        if (!controller.signal.aborted) setTerms({ status: 'error', deadlines: {}, ruleSets: [] })
      })
    return () => controller.abort()
  }, [])
  return terms
}

type Visitor = 'loading' | 'anonymous' | 'subject' | 'other'

function useVisitor(): Visitor {
  const [visitor, setVisitor] = useState<Visitor>('loading')
  useEffect(() => {
    const controller = new AbortController()
    api<{ user: { role: string } }>('/api/v1/auth/me', { signal: controller.signal, notifyUnauthorized: false })
      .then((s) => setVisitor(s.user.role === 'subject' ? 'subject' : 'other'))
      .catch(() => {
        // 401: not signed in; any other failure is treated the same (the page still explains and links to login)
        if (!controller.signal.aborted) setVisitor('anonymous')
      })
    return () => controller.abort()
  }, [])
  return visitor
}

/** N 个工作日, live; the documented default (marked) when the terms could not be read. */
function Days({ terms, code }: { terms: Terms; code: string }) {
  const live = terms.deadlines[code]
  if (live)
    return (
      <strong className="gx-rights-days" data-testid={`term-${code}`} title={`${live.nameZh}，${live.from}计算`}>
        {live.workingDays} 个工作日
      </strong>
    )
  if (terms.status === 'loading') return <span className="gx-rights-days">… 个工作日</span>
  return (
    <strong className="gx-rights-days" data-testid={`term-${code}`}>
      {DEFAULT_DAYS[code] ?? '—'} 个工作日（默认）
    </strong>
  )
}

function months(n: number): string {
  return n % 12 === 0 ? `${n / 12} 年` : `${n} 个月`
}

const SEVERITIES: readonly { code: Severity; label: string }[] = [
  { code: 'minor', label: '轻微' },
  { code: 'general', label: '一般' },
  { code: 'serious', label: '严重' },
]

const dayText = (d: string): string =>
  d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y: string, mo: string, day: string) => `${y} 年 ${+mo} 月 ${+day} 日`)

function ruleSetTitle(r: PublicationRuleSet): string {
  const from = dayText(r.effectiveFrom)
  return r.effectiveTo
    ? `${r.version} 版（${from}起、${dayText(r.effectiveTo)}前作出的决定）`
    : `${r.version} 版（${from}起作出的决定）`
}

/** The minimum (and maximum) publication period per severity under each rule set, from the catalog. */
function MinimumPeriods({ terms }: { terms: Terms }) {
  if (terms.status === 'loading') return <div className="gx-loading" aria-busy="true" />
  if (!terms.ruleSets.length)
    return (
      <p>
        2026 年 4 月 1 日起作出的决定：轻微失信信息履行义务后即可申请，一般失信信息最短公示 3 个月，严重失信信息最短 1
        年；此前作出的决定：一般最短 3 个月，严重最短 6 个月。
      </p>
    )
  return (
    <div className="gx-table-wrap">
      <table className="gx-help-table" data-testid="rights-periods">
        <caption className="gx-visually-hidden">按严重程度的最短公示期</caption>
        <thead>
          <tr>
            <th scope="col">严重程度</th>
            {terms.ruleSets.map((r) => (
              <th scope="col" key={r.version}>
                {ruleSetTitle(r)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((s) => (
            <tr key={s.code}>
              <th scope="row">{s.label}</th>
              {terms.ruleSets.map((r) => {
                const p = r.periods[s.code]
                return (
                  <td key={r.version}>
                    {p === null
                      ? '不单列，按一般失信信息处理'
                      : p.minMonths === 0
                        ? `履行义务后即可申请（最长公示 ${months(p.maxMonths)}）`
                        : `公示满 ${months(p.minMonths)}后可申请（最长公示 ${months(p.maxMonths)}）`}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Where to act: a subject to its file, anyone else to login or activation. */
function ActPanel({
  action,
  visitor,
  record,
  applyPath,
}: {
  action: string
  visitor: Visitor
  record: string | null
  /** The form for one record, where the kind has one on the portal. */
  applyPath?: (recordId: string) => string
}) {
  let body: ReactNode
  if (visitor === 'loading') body = <div className="gx-loading" aria-busy="true" />
  else if (visitor === 'subject')
    body = (
      <>
        <p>
          您已登录信用主体账户。请在「我的档案」中找到要办理的记录，点击该记录的「{action}
          」；办理进度在「我的办件」查看，办理结果会发到「消息」。
          {record
            ? applyPath
              ? '（您是从一条公示记录进入本页的，可以直接办理该记录。）'
              : '（您是从一条公示记录进入本页的，请在档案中找到同一条记录办理。）'
            : ''}
        </p>
        <p className="gx-rights-links">
          {record && applyPath ? (
            <Link className="gx-rights-button gx-rights-primary" to={applyPath(record)}>
              对该记录{action}
            </Link>
          ) : null}
          <Link
            className={record && applyPath ? 'gx-rights-button' : 'gx-rights-button gx-rights-primary'}
            to="/my/file"
          >
            前往我的档案
          </Link>
          <Link className="gx-rights-button" to="/my/cases">
            我的办件
          </Link>
        </p>
      </>
    )
  else
    body = (
      <>
        <p>
          {visitor === 'other' ? '当前登录的不是信用主体账户。' : ''}
          {action}
          须由信用主体（企业、个体工商户或个人）本人或其经办人登录信用主体账户办理，只能办理本主体的记录。尚无账户的，凭信用办发放的激活码激活；也可到信用服务窗口由工作人员代为录入。
        </p>
        <p className="gx-rights-links">
          <Link className="gx-rights-button gx-rights-primary" to="/account/login">
            主体登录
          </Link>
          <Link className="gx-rights-button" to="/account/activate">
            激活账户
          </Link>
          <Link className="gx-rights-button" to="/help/activation">
            如何激活
          </Link>
        </p>
      </>
    )
  return (
    <section className="gx-panel gx-rights-act" aria-labelledby="gx-rights-act-title" data-testid="rights-act">
      <h2 className="gx-panel-title" id="gx-rights-act-title">
        在线办理
      </h2>
      {body}
    </section>
  )
}

function GuideFrame({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  const site = useSite()
  useDocumentTitle(title, site.name)
  return (
    <div className="gx-container gx-page gx-help gx-rights">
      <nav className="gx-breadcrumb" aria-label="位置">
        <Link to="/">首页</Link> / {title}
      </nav>
      <h1 className="gx-page-title">{title}</h1>
      <p className="gx-rights-intro">{intro}</p>
      {children}
    </div>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="gx-rights-section" aria-label={title}>
      <h2 className="gx-section-title">{title}</h2>
      {children}
    </section>
  )
}

export function RepairGuidePage() {
  const terms = useTerms()
  const visitor = useVisitor()
  const [params] = useSearchParams()
  return (
    <GuideFrame
      title="信用修复"
      intro="已经纠正失信行为、履行法定义务的信用主体，可以申请信用修复。修复后，该失信信息终止公示、停止共享和使用，相关惩戒措施一并解除。"
    >
      <ActPanel
        action="申请信用修复"
        visitor={visitor}
        record={params.get('record')}
        applyPath={(id) => `/repair/apply/${encodeURIComponent(id)}`}
      />
      <Section title="谁可以申请">
        <p>
          信用主体本人：企业、个体工商户、农民专业合作社等通过本单位的信用主体账户（或经授权的经办人）申请；个人通过本人账户申请。只能对本主体的失信信息申请；正面信息、已撤销、已修复或公示期已届满的信息无需修复。
        </p>
      </Section>
      <Section title="申请条件">
        <ol>
          <li>已达到最短公示期（见下表）。最短公示期从处罚（认定）决定作出之日起计算，按决定作出时适用的规则确定。</li>
          <li>已纠正失信行为，履行了法定义务（如缴清罚款、完成整改）。</li>
          <li>作出信用修复承诺，承诺内容向社会公开；违反承诺的，将作为新的失信信息记录。</li>
        </ol>
        <MinimumPeriods terms={terms} />
        <p>
          申请前，平台按该记录适用的规则自动判断能否修复，并显示最早可申请日期和不能修复的原因（如未满最短公示期、正在异议处理中、该类信息不可修复），无需自行计算。
        </p>
      </Section>
      <Section title="需要准备的材料">
        <ul>
          <li>履行义务的证明：缴款凭证、整改报告、主管部门出具的证明等（PDF、JPEG 或 PNG，单个文件不超过 10 MB）。</li>
          <li>信用修复承诺书：在线填写，作为「信用修复」类信用承诺提交。</li>
          <li>修复申请说明：简要写明失信行为已如何纠正。</li>
        </ul>
      </Section>
      <Section title="谁来决定、多长时间">
        <ul>
          <li>
            “谁认定、谁修复”：由作出处罚（认定）决定的单位审核并决定是否同意修复；本平台是统一受理窗口，申请只需提交一次。
          </li>
          <li>
            认定单位自收到申请之日起 <Days terms={terms} code="repair.decide" />
            内作出同意或不同意修复的决定；不同意的说明理由。
          </li>
          <li>
            同意修复的，修复结果自决定之日起 <Days terms={terms} code="repair.notify" />
            内推送到认定单位和已共享该信息的相关单位、系统。
          </li>
          <li>期限按工作日计算，不含周末和法定节假日。</li>
        </ul>
      </Section>
      <Section title="决定之后">
        <ul>
          <li>
            同意修复：决定作出即生效——该信息不再公示，名单以“已修复”退出，联合奖惩核查不再据此触发惩戒。记录在平台内部留档，在「我的档案」中显示为“已修复”，不会再次公示。
          </li>
          <li>不同意修复：可按告知的理由补充材料，条件具备后再次申请。</li>
          <li>
            每一步的办理结果都会发到「消息」；平台也会在记录可以申请修复时主动提醒。详见
            <Link to="/help/repair">帮助：信用修复</Link>。
          </li>
        </ul>
      </Section>
    </GuideFrame>
  )
}

export function ObjectionGuidePage() {
  const terms = useTerms()
  const visitor = useVisitor()
  const [params] = useSearchParams()
  return (
    <GuideFrame
      title="异议申诉"
      intro="信用主体认为平台上关于自己的信用信息有错误、遗漏，或者已超过公示期仍在公示的，可以提出异议，由平台和提供该信息的单位核实处理。"
    >
      <ActPanel
        action="提出异议"
        visitor={visitor}
        record={params.get('record')}
        applyPath={(id) => `/objection/apply?record=${encodeURIComponent(id)}`}
      />
      <Section title="谁可以提出">
        <p>
          信用主体本人（企业、个体工商户、个人）或经其授权的经办人，通过信用主体账户对本主体的记录提出；也可到信用服务窗口由工作人员代为录入。同一条记录已有正在处理的异议时，不能重复提出。
        </p>
      </Section>
      <Section title="需要准备的材料">
        <ul>
          <li>异议理由：哪一项信息不正确、正确的应当是什么。</li>
          <li>证明材料：判决书、撤销决定、缴款凭证等（PDF、JPEG 或 PNG，单个文件不超过 10 MB）。</li>
          <li>联系方式（选填），便于核实时联系。</li>
        </ul>
      </Section>
      <Section title="办理流程和期限">
        <ol>
          <li>
            受理审查：平台自收到异议之日起 <Days terms={terms} code="objection.accept" />
            内决定是否受理；不予受理的说明理由。受理后，该记录在门户网站、联合奖惩核查和信用报告中标注「异议处理中」，直到处理完毕。
          </li>
          <li>
            平台核查：平台自受理之日起 <Days terms={terms} code="objection.platform_check" />
            内核对平台归集的信息，能确认的直接处理，不能确认的转信息提供单位。
          </li>
          <li>
            提供单位核实：“谁提供、谁核实”，提供该信息的单位自收到之日起{' '}
            <Days terms={terms} code="objection.provider_verify" />
            内核实并作出结论。
          </li>
          <li>作出决定前，申请人可以撤回异议。期限按工作日计算，不含周末和法定节假日。</li>
        </ol>
      </Section>
      <Section title="处理结果">
        <ul>
          <li>更正：提供单位更正信息，形成新版本公示，原版本在平台内部留档。</li>
          <li>撤销：该信息被撤销，不再公示和使用。</li>
          <li>维持原信息：说明理由，解除「异议处理中」标注。</li>
        </ul>
        <p>
          每一步都有记录；办理结果会发到「消息」，进度在「我的办件」查看。详见
          <Link to="/help/objection">帮助：异议申诉</Link>。
        </p>
      </Section>
    </GuideFrame>
  )
}
