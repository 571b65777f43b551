// Proactive notices (主动提示): publication ending, repair possible, cases overdue - a daily job, exactly once each.
export {
  MY_CASES_LINK,
  MY_FILE_LINK,
  NOTICE_TOPIC_LABELS,
  NOTICE_TOPICS,
  type NoticeRun,
  type NoticeRunOptions,
  type NoticeTopic,
  runNotices,
} from './notices.flow.js'
export { startNoticesTimer } from './notices.timer.js'
