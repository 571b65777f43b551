// Loaded only through `import('./echarts.js')` (see lazy-chart.tsx), so ECharts
// stays out of the initial bundles. Register only what the app draws.
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { init, use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

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
])

export { init }
export type { EChartsCoreOption as ChartOption } from 'echarts/core'
