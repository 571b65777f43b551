// Import this from any console page that shows antd date pickers: they use dayjs,
// and this makes its month and weekday names Chinese. (Kept out of the console's
// first load; only date pages need dayjs.)
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

dayjs.locale('zh-cn')
