import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// StrictMode mounts twice in development, so useAuth's effect, and with it
// handleRedirectCallback, runs twice: the SDK makes that one login.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
