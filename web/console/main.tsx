import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from 'antd'
import { BrowserRouter } from 'react-router-dom'
import { AppProviders } from '../shared/providers.js'
import { ConsoleApp } from './app.js'
import { AuthProvider } from './auth.js'
import './console.css'

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from console/index.html')

createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <App>
        <AuthProvider>
          <BrowserRouter basename="/console">
            <ConsoleApp />
          </BrowserRouter>
        </AuthProvider>
      </App>
    </AppProviders>
  </StrictMode>,
)
