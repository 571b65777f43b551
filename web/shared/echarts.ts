// Loaded only through `import('./echarts.js')` (see lazy-chart.tsx), so ECharts
// stays out of the initial bundles. Register only what the app draws.
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { AxisBreak } from 'echarts/features'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

use([
  BarChart,
  LineChart,
  PieChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
  SVGRenderer,
  AxisBreak,
])

export { init }
export type { EChartsCoreOption as ChartOption } from 'echarts/core'
