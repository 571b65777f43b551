import { beforeAll, describe, expect, inject, it } from 'vitest'
import { phone, screenshot, useBrowser, withPage } from './browser.js'

const placeholder = '输入企业名称、统一社会信用代码或个体工商户名称'
const navLabels = [
  '首页',
  '信用查询',
  '红黑名单',
  '双公示',
  '信用修复',
  '异议申诉',
  '信用举报',
  '信用报告',
  '政策法规',
  '关于我们',
]

describe('portal smoke', () => {
  const browser = useBrowser()
  const baseUrl = inject('baseUrl')
  let siteName = '公信'
  let consoleEntry = ''

  beforeAll(async () => {
    // The site name the header must show: the server's, or the product name.
    const site = await fetch(`${baseUrl}/api/v1/public/site`).catch(() => null)
    if (site?.ok) siteName = ((await site.json()) as { name: string }).name
    // The console's entry script, which the portal must never load.
    const consoleHtml = await (await fetch(`${baseUrl}/console/`)).text()
    consoleEntry = /<script type="module"[^>]*src="([^"]+)"/.exec(consoleHtml)?.[1] ?? ''
    expect(consoleEntry).toMatch(/^\/assets\/console-.+\.js$/)
  })

  it('home at desktop width: header, navigation, search box, search placeholder page', async () => {
    await withPage(browser(), baseUrl, 'portal-desktop', async ({ page, problems }) => {
      const scripts: string[] = []
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
      })
      await page.goto('/')
      const search = page.getByRole('searchbox', { name: '信用信息查询' })
      await search.waitFor()
      expect(await search.getAttribute('placeholder')).toBe(placeholder)
      await page.getByRole('heading', { level: 1, name: siteName }).waitFor()
      await page.waitForFunction((name) => document.title === name, siteName)

      const nav = page.getByRole('navigation', { name: '主导航' })
      expect(await nav.isVisible()).toBe(true)
      expect((await nav.getByRole('link').allTextContents()).map((t) => t.trim())).toEqual(navLabels)
      expect(await nav.getByRole('link', { name: '首页' }).getAttribute('aria-current')).toBe('page')
      expect(await page.getByRole('button', { name: '菜单' }).isVisible()).toBe(false)
      expect(await page.locator('main#main').count()).toBe(1)
      expect(await page.locator('footer').count()).toBe(1)
      await screenshot(page, 'portal-home-desktop')

      // Separate bundles: nothing of the console was fetched.
      expect(scripts.length).toBeGreaterThan(0)
      expect(scripts).not.toContain(consoleEntry)

      // Searching goes to /search?q= which lists the matching entities (or says none was found).
      const query = '天津市示例科技有限公司'
      await search.fill(query)
      await search.press('Enter')
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === query)
      await page.getByRole('heading', { name: /^共找到 \d+\+? 个相关主体$/ }).waitFor()
      expect(await page.getByRole('searchbox', { name: '信用信息查询' }).inputValue()).toBe(query)
      await screenshot(page, 'portal-search-desktop')

      // Every nav item leads to a built page (no placeholder).
      await nav.getByRole('link', { name: '双公示' }).click()
      await page.waitForURL('**/publicity')
      await page.getByRole('heading', { name: '双公示', level: 1 }).waitFor()
      expect(await page.getByText('即将上线').count()).toBe(0)
      expect(problems).toEqual([])
    })
  })

  it('home at phone width (390x844): search box, nav collapsed into 菜单', async () => {
    await withPage(browser(), baseUrl, { name: 'portal-phone', viewport: phone }, async ({ page, problems }) => {
      await page.goto('/')
      const search = page.getByRole('searchbox', { name: '信用信息查询' })
      await search.waitFor()
      expect(await search.getAttribute('placeholder')).toBe(placeholder)
      const box = await search.boundingBox()
      expect(box).not.toBeNull()
      expect(box!.x).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width).toBeLessThanOrEqual(phone.width)
      // No sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width)

      expect(await page.getByRole('navigation', { name: '主导航', exact: true }).isVisible()).toBe(false)
      const menuButton = page.getByRole('button', { name: '菜单' })
      expect(await menuButton.isVisible()).toBe(true)
      expect(await menuButton.getAttribute('aria-expanded')).toBe('false')
      await screenshot(page, 'portal-home-phone')

      await menuButton.click()
      const drawerNav = page.getByRole('navigation', { name: '主导航（菜单）' })
      await drawerNav.waitFor()
      expect((await drawerNav.getByRole('link').allTextContents()).map((t) => t.trim())).toEqual(navLabels)
      expect(await menuButton.getAttribute('aria-expanded')).toBe('true')
      await page.waitForTimeout(400) // let the drawer finish sliding in for the screenshot
      await screenshot(page, 'portal-menu-phone')

      await drawerNav.getByRole('link', { name: '政策法规' }).click()
      await page.waitForURL('**/policies')
      await page.getByRole('heading', { name: '政策法规', level: 1 }).waitFor()
      expect(await page.getByText('即将上线').count()).toBe(0)
      await drawerNav.waitFor({ state: 'hidden' })
      expect(problems).toEqual([])
    })
  })
})
