import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startApp } from './actions/app-actions';
import { App } from './components/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/steps.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void startApp();
