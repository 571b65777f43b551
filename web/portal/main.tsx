import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router-dom'
import { AppProviders } from '../shared/providers.js'
import { PortalApp } from './app.js'
import './portal.css'

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from portal/index.html')

createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <BrowserRouter>
        <PortalApp />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
)
