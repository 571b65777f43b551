// The sharing console (issue 17, item 6): a department's 共享查询 (subjects, classes, a required purpose, records per
// subject with Chinese labels, the purpose in the subject's access log); its 监测预警 (a watch with a webhook, the
// secret shown once, a record of the watched company delivered signed, its delivery status, a replay delivered
// again); and the operator's 对接平台 (a peer registered with its key shown once, edited, pulled - refused, the error
// and lag shown - disabled and enabled).
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createRng, generateResidentId, generateUscc, maskResidentId } from '../../src/identifiers/index.js'
import { screenshot, useBrowser, withPage } from './browser.js'
import { apiSession, chooseOption, logIn, openNavItem, tableRow, tableRows, waitForConsolePage } from './console.js'
import { loginFor } from './context.js'

interface ListEntry {
  recordId: string
  name: string
  uscc: string | null
}

interface Received {
  body: string
  signature: string
}

describe('sharing console (共享查询、监测预警、对接平台)', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  const demo = inject('demo')
  const run = Date.now().toString(36)
  const received: Received[] = []
  let receiver: Server
  let receiverUrl = ''

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8')
      })
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-gongxin-signature'] ?? '') })
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{}')
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()))
  })

  /** A company on the public 纳税信用A级 list (its record is in public scope, so the share query returns it). */
  const listedCompany = async () => {
    const red = (await (await fetch(`${baseUrl}/api/v1/public/lists/tax_a_grade?pageSize=100`)).json()) as {
      items: ListEntry[]
    }
    const company = red.items.find((i) => i.uscc)
    if (!company?.uscc) throw new Error('the demo has no company on the tax_a_grade list')
    return company as ListEntry & { uscc: string }
  }

  it('共享查询: a purpose is required; records per subject with labels; an unknown subject said so; the purpose logged', async () => {
    const company = await listedCompany()
    const purpose = `行政许可审查E2E${run}`
    // a person with a penalty, found by ID number: the answer shows the number masked
    const idNumber = generateResidentId(createRng(Date.now() % 1_000_000), {
      region: '120101',
      birthDate: '1979-03-08',
      sex: 'female',
    })
    const personDoc = `津市监罚〔2026〕P${run.toUpperCase()}号`
    const provider = await apiSession(baseUrl, loginFor(demo, 'provider'))
    const submitted = await provider('POST', '/api/v1/batches', {
      class: 'admin_penalty',
      rows: [
        {
          CF_XDR_MC: '韩梅梅',
          CF_XDR_LB: '自然人',
          CF_XDR_ZJLX: '身份证',
          CF_XDR_ZJHM: idNumber,
          CF_WSH: personDoc,
          CF_WFXW: '未取得许可从事经营活动',
          CF_SY: '经查，当事人未取得许可从事经营活动。',
          CF_YJ: '《中华人民共和国食品安全法》',
          CF_CFLB: '警告',
          CF_NR: '警告。',
          CF_JDRQ: new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10),
          CF_CFJG: '天津市市场监督管理委员会',
          CF_CFJGDM: '1112000000015929XK',
          CF_SJLY: '天津市市场监督管理委员会',
          CF_SJLYDM: '1112000000015929XK',
        },
      ],
    })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    expect(submitted.json.accepted, JSON.stringify(submitted.json)).toBe(1)
    await withPage(browser(), baseUrl, 'sharing-query', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '信用核查', '共享查询')
      await waitForConsolePage(page, 'checks/share', '共享查询')
      await page
        .getByLabel('查询主体')
        .fill(`${company.uscc}\n天津市并不存在的测试有限公司，120116999999999\n${idNumber}`)
      await page.getByRole('button', { name: '查询', exact: true }).click()
      // no purpose: nothing is sent, the form says why
      await page.getByText('请说明查询用途').waitFor()
      expect(await page.getByRole('region', { name: '查询结果' }).count()).toBe(0)
      await page.getByLabel('查询用途').fill(purpose)
      await page.getByRole('button', { name: '查询', exact: true }).click()
      const results = page.getByRole('region', { name: '查询结果' })
      await results.waitFor()
      await results
        .getByText(`查询 3 个主体：找到 2 个，未能确定 1 个。查询用途「${purpose}」已记入被查询主体的查询记录。`)
        .waitFor()
      const card = results.locator('.ant-card').filter({ hasText: company.name })
      await card.getByText(company.uscc).waitFor()
      // the 纳税信用A级 record, with its class name and a Chinese polarity (no codes)
      const row = tableRow(card, '纳税信用A级')
      await row.waitFor()
      const text = (await row.textContent()) ?? ''
      expect(text).toContain('正面')
      expect(text).not.toMatch(/tax_a_grade|positive|public|government/)
      const unknown = results.locator('.ant-card').filter({ hasText: '天津市并不存在的测试有限公司' })
      await unknown.getByText('未能确定主体').waitFor()
      const person = results.locator('.ant-card').filter({ hasText: maskResidentId(idNumber) })
      await tableRow(person, personDoc).waitFor()
      expect(await results.textContent()).not.toContain(idNumber)
      await screenshot(page, 'sharing-query')
      expect(problems).toEqual([])
    })
    // the subject's access log carries the purpose (the operator's view of it)
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const entity = await operator('GET', `/api/v1/entities/by-uscc/${company.uscc}`)
    expect(entity.status).toBe(200)
    const log = await operator('GET', `/api/v1/entities/${String(entity.json.id)}/access-log`)
    expect(log.status).toBe(200)
    expect((log.json.items as { purpose: string | null }[]).some((e) => e.purpose === purpose)).toBe(true)
  })

  it('监测预警: a watch with a webhook, its secret once; a new record delivered signed; status shown; replayed', async () => {
    const company = await listedCompany()
    const name = `E2E监测${run}`
    let secret = ''
    await withPage(browser(), baseUrl, 'sharing-watches', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'consumer'))
      await openNavItem(page, '信用核查', '监测预警')
      await waitForConsolePage(page, 'checks/watches', '监测预警')
      await page.getByRole('button', { name: '新建监测名单' }).click()
      const form = page.getByRole('dialog', { name: '新建监测名单' })
      await form.waitFor()
      await form.getByLabel('名称').fill(name)
      await form.getByLabel('监测主体').fill(company.uscc)
      // event types by their Chinese labels; 新增信用记录 is chosen by default
      expect(await form.getByRole('checkbox', { name: '新增信用记录' }).isChecked()).toBe(true)
      await form.getByRole('checkbox', { name: '信用修复' }).check()
      await form.getByLabel('推送地址（可选）').fill(receiverUrl)
      await page.waitForTimeout(300)
      await form.getByRole('button', { name: '新建' }).click()
      await form.waitFor({ state: 'hidden' })
      secret = (await page.getByTestId('watch-secret').textContent()) ?? ''
      expect(secret.length).toBeGreaterThan(30)
      await page.getByRole('button', { name: '复制' }).waitFor()
      const row = tableRow(page, name)
      await row.getByText('信用修复').waitFor()
      await row.getByText('已推送 0').waitFor()

      // a penalty of the watched company: a record.created event, posted to the receiver, signed with the secret
      const day = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)
      const documentNo = `津市监罚〔${day.slice(0, 4)}〕W${run.toUpperCase()}号`
      const provider = await apiSession(baseUrl, loginFor(demo, 'provider'))
      const submitted = await provider('POST', '/api/v1/batches', {
        class: 'admin_penalty',
        rows: [
          {
            CF_XDR_MC: company.name,
            CF_XDR_LB: '法人及非法人组织',
            CF_XDR_SHXYM: company.uscc,
            CF_FRDB: '王五',
            CF_WSH: documentNo,
            CF_WFXW: '未按规定公示年度报告',
            CF_SY: '经查，当事人未按规定公示年度报告。',
            CF_YJ: '《企业信息公示暂行条例》',
            CF_CFLB: '警告',
            CF_NR: '警告。',
            CF_JDRQ: day,
            CF_CFJG: '天津市市场监督管理委员会',
            CF_CFJGDM: '1112000000015929XK',
            CF_SJLY: '天津市市场监督管理委员会',
            CF_SJLYDM: '1112000000015929XK',
          },
        ],
      })
      expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
      expect(submitted.json.accepted).toBe(1)
      await expect.poll(() => received.length, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(1)
      const first = received[0] as Received
      const event = JSON.parse(first.body) as { id: string; type: string; data: { documentNo: string } }
      expect(event.type).toBe('record.created')
      expect(event.data.documentNo).toBe(documentNo)
      const [t, v1] = first.signature.split(',').map((p) => p.split('=')[1]) as [string, string]
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${first.body}`).digest('hex'))

      // the list and the drawer show it delivered
      await page.getByRole('button', { name: '刷新' }).click()
      await row.getByText('已推送 1').waitFor()
      await row.getByRole('button', { name: '详情' }).click()
      const drawer = page.getByRole('dialog', { name })
      const eventRow = tableRow(drawer, '新增信用记录')
      await eventRow.getByText(documentNo, { exact: false }).waitFor()
      await eventRow.getByText('已推送').waitFor()
      await drawer.getByText('没有推送失败的事件').waitFor()
      await screenshot(page, 'sharing-watch-detail')

      // replay the chosen delivery: the same event is posted again
      await eventRow.getByRole('button', { name: '重新推送' }).click()
      await drawer.getByText(/已安排重新推送/).waitFor()
      await expect.poll(() => received.length, { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(2)
      expect((JSON.parse((received[1] as Received).body) as { id: string }).id).toBe(event.id)
      expect(problems).toEqual([])
    })
  })

  it('对接平台: register (key once), edit with a pull key, pull refused with the error shown, disable and enable', async () => {
    const peerName = `e2e-${run}`.slice(0, 24)
    const { publicKey } = generateKeyPairSync('ed25519')
    await withPage(browser(), baseUrl, 'sharing-peers', async ({ page, problems }) => {
      await logIn(page, loginFor(demo, 'operator'))
      await openNavItem(page, '系统管理', '对接平台')
      await waitForConsolePage(page, 'system/peers', '对接平台')
      await page.getByRole('button', { name: '登记对接平台' }).click()
      const form = page.getByRole('dialog', { name: '登记对接平台' })
      await form.waitFor()
      await form.getByLabel('简称').fill(peerName)
      await form.getByLabel('平台标识').fill(`gx-e2e-${run}`)
      // the peer is this very server: its feed answers, but signed with a key not registered for the peer
      await form.getByLabel('服务地址').fill(baseUrl)
      await form.getByLabel('签名公钥').fill(publicKey.export({ type: 'spki', format: 'pem' }).toString())
      await chooseOption(page, '交换类别', '行政处罚信息', '行政处罚')
      await form.locator('.ant-select-selection-item').filter({ hasText: '行政处罚信息' }).waitFor()
      await page.keyboard.press('Escape')
      await form
        .getByLabel('运营单位统一社会信用代码')
        .fill(generateUscc(createRng(Date.now() % 1_000_000), { dept: '1', category: '1', region: '130000' }))
      await page.waitForTimeout(300)
      await form.getByRole('button', { name: '登记' }).click()
      await form.waitFor({ state: 'hidden' })
      await page.getByText(`已登记对接平台「${peerName}」（gx-e2e-${run}）。`).waitFor()
      const key = (await page.getByTestId('peer-key').textContent()) ?? ''
      expect(key.length).toBeGreaterThan(20)
      const row = tableRow(page, peerName)
      await row.getByText('行政处罚信息').waitFor()
      await row.getByText('启用').waitFor()
      await row.getByText('不从对方拉取').waitFor()
      expect(await row.getByRole('button', { name: '立即拉取' }).count()).toBe(0)

      // edit: the key the peer "issued" to us (here: the one just issued, so the feed answers)
      await row.getByRole('button', { name: '修改' }).click()
      const edit = page.getByRole('dialog', { name: `修改对接平台「${peerName}」` })
      await edit.waitFor()
      await edit.getByLabel('对方新签发的读取密钥').fill(key)
      await page.waitForTimeout(300)
      await edit.getByRole('button', { name: '保存' }).click()
      await edit.waitFor({ state: 'hidden' })
      await page.getByText(`已修改对接平台「${peerName}」。`).waitFor()
      await row.getByText('尚未同步').waitFor()

      // pull now: the page is signed with this platform's key, not the one registered: refused, the pull stops
      await row.getByRole('button', { name: '立即拉取' }).click()
      await page
        .getByText(/拒收对接平台「.*」的一页数据：签名密钥未登记/)
        .first()
        .waitFor()
      await row
        .locator('.ant-typography-danger')
        .getByText(/签名密钥未登记/)
        .waitFor()
      await screenshot(page, 'sharing-peers')

      // disable (reason), then the pull button is gone; enable again
      await row.getByRole('button', { name: '停用' }).click()
      const off = page.getByRole('dialog', { name: `停用对接平台「${peerName}」` })
      await off.waitFor()
      await off.getByLabel('原因').fill('对方平台迁移')
      await page.waitForTimeout(300)
      await off.getByRole('button', { name: '停用' }).click()
      await page.getByText(`对接平台「${peerName}」已停用。`).waitFor()
      await row.getByText('停用', { exact: true }).first().waitFor()
      expect(await row.getByRole('button', { name: '立即拉取' }).count()).toBe(0)
      await row.getByRole('button', { name: '启用' }).click()
      const on = page.getByRole('dialog', { name: `启用对接平台「${peerName}」` })
      await on.waitFor()
      await page.waitForTimeout(300)
      await on.getByRole('button', { name: '启用' }).click()
      await page.getByText(`对接平台「${peerName}」已启用。`).waitFor()
      await row.getByRole('button', { name: '立即拉取' }).waitFor()
      expect(await tableRows(page).count()).toBeGreaterThanOrEqual(1)
      expect(problems).toEqual([])
    })
    // the changes are in the audit log with their Chinese labels
    const operator = await apiSession(baseUrl, loginFor(demo, 'operator'))
    const audit = await operator('GET', '/api/v1/audit/events?targetType=peer&pageSize=50')
    const labels = ((audit.json.items as { actionLabel?: string; action: string }[] | undefined) ?? []).map(
      (e) => e.actionLabel ?? e.action,
    )
    expect(labels).toEqual(expect.arrayContaining(['修改对接平台', '停用对接平台', '启用对接平台']))
  })
})
