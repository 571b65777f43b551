// Headless Chromium for the browser tests. Uses the system Chromium (Debian `chromium`);
// never downloads a browser. CHROMIUM_PATH overrides the executable.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots')

export const desktop = { width: 1280, height: 800 } as const
export const phone = { width: 390, height: 844 } as const

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}; install Debian's chromium or set CHROMIUM_PATH`)
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface OpenPage {
  context: BrowserContext
  page: Page
  /** Console errors/warnings and uncaught exceptions seen so far (network 4xx noise excluded). */
  problems: string[]
}

/** A fresh context (own cookies) with Chinese locale and Beijing time, and one page in it. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = desktop,
): Promise<OpenPage> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    const type = message.type()
    if (type !== 'error' && type !== 'warning') return
    const text = message.text()
    // The browser reports every 4xx response (401 from /auth/me before login, a wrong password) as a console error.
    if (text.startsWith('Failed to load resource')) return
    problems.push(`${type}: ${text}`)
  })
  return { context, page, problems }
}

/** Saves a full-page PNG under test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * Runs `steps`; on failure saves test-results/screenshots/<name>-failure.png and appends the
 * page's URL and accessibility snapshot to the error, so a red run says what the page showed.
 */
export async function withFailureCapture<T>(page: Page, name: string, steps: () => Promise<T>): Promise<T> {
  try {
    return await steps()
  } catch (error) {
    const extra: string[] = [`url: ${page.url()}`]
    try {
      extra.push(`screenshot: ${await screenshot(page, `${name}-failure`)}`)
      extra.push(`aria snapshot:\n${await page.locator('body').ariaSnapshot({ timeout: 5_000 })}`)
    } catch (captureError) {
      extra.push(`(capture failed: ${String(captureError)})`)
    }
    if (error instanceof Error) error.message = `${error.message}\n\n${extra.join('\n')}`
    throw error
  }
}

/**
 * Launches Chromium before the tests of the enclosing describe block and closes it after them. Call it in the
 * describe body; the returned function gives the browser inside the tests.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('the browser is not running (useBrowser() must be called in a describe block)')
    return browser
  }
}

/**
 * Opens a fresh page (own cookies; desktop size unless a viewport is given), runs `steps` with failure capture under
 * the name (see withFailureCapture) and closes the context whatever happens.
 */
export async function withPage<T>(
  browser: Browser,
  baseURL: string,
  capture: string | { name: string; viewport: { width: number; height: number } },
  steps: (opened: OpenPage) => Promise<T>,
): Promise<T> {
  const { name, viewport } = typeof capture === 'string' ? { name: capture, viewport: desktop } : capture
  const opened = await openPage(browser, baseURL, viewport)
  try {
    return await withFailureCapture(opened.page, name, () => steps(opened))
  } finally {
    await opened.context.close()
  }
}
