// Watch lists and early warning (信用监测预警): the delivery runs, the feed, the rules applied to events, the routes
// and the worker of a serving process.
export { readWatchFeed, runWatchDelivery, sequenceEvents, startWatchWorker } from './watches.flow.js'
export { deriveAlerts } from './watches.rules.js'
export { watchRoutes } from './watches.routes.js'
export { watcherMaySee } from './watches.scope.js'
