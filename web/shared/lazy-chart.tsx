import { useEffect, useRef, useState } from 'react'
import type { ChartOption } from './echarts.js'

export interface LazyChartProps {
  option: ChartOption
  /** Accessible description of what the chart shows (charts are canvas; give readers the gist). */
  label: string
  height?: number
  /** 'svg' draws text as text (readable by tests and assistive tools); default 'canvas'. */
  renderer?: 'canvas' | 'svg'
  /** Extra data-* attributes of the chart's box (e.g. what the option decided). */
  data?: Record<string, string>
}

/**
 * Draws an ECharts chart once it scrolls near the viewport. ECharts is fetched
 * with a dynamic import at that moment, never in the initial page load.
 */
export function LazyChart({ option, label, height = 280, renderer = 'canvas', data = {} }: LazyChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const [visible, setVisible] = useState(false)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    const node = ref.current
    if (!node) return
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true)
      return
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true)
          observer.disconnect()
        }
      },
      { rootMargin: '200px' },
    )
    observer.observe(node)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const node = ref.current
    if (!visible || !node) return
    let disposed = false
    let cleanup: (() => void) | undefined
    import('./echarts.js')
      .then(({ init }) => {
        if (disposed) return
        const chart = init(node, undefined, { renderer })
        chart.setOption(option)
        const resize = () => chart.resize()
        window.addEventListener('resize', resize)
        cleanup = () => {
          window.removeEventListener('resize', resize)
          chart.dispose()
        }
      })
      .catch(() => setFailed(true))
    return () => {
      disposed = true
      cleanup?.()
    }
  }, [visible, option, renderer])

  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      style={{ width: '100%', height }}
      {...Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]))}
    >
      {failed ? <p>图表加载失败，请刷新页面重试。</p> : null}
    </div>
  )
}
