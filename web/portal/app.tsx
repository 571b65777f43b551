import { Route, Routes } from 'react-router-dom'
import { PortalLayout } from './layout.js'
import { portalNav } from './nav.js'
import { ComingSoonPage } from './pages/coming-soon.js'
import { HomePage } from './pages/home.js'
import { NotFoundPage } from './pages/not-found.js'
import { SearchPage } from './pages/search.js'

export function PortalApp() {
  return (
    <Routes>
      <Route element={<PortalLayout />}>
        <Route index element={<HomePage />} />
        <Route path="search" element={<SearchPage />} />
        {portalNav
          .filter((item) => item.path !== '/' && item.path !== '/search')
          .map((item) => (
            <Route key={item.path} path={item.path.slice(1)} element={<ComingSoonPage item={item} />} />
          ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
