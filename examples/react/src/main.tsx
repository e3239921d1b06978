import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider } from 'zaehlerfreunde-auth/react';
import { App } from './App.tsx';

// The local dev backend (npx zaehlerfreunde-dev-backend); for production,
// drop the four URLs and use your own clientId. redirectUri defaults to this
// origin + '/'.
const issuer = import.meta.env.VITE_ZFA_ISSUER ?? 'http://127.0.0.1:4400/';
const config = {
  clientId: 'zaehlerfreunde-local-demo',
  authorizeUrl: `${issuer}authorize`,
  tokenUrl: `${issuer}oauth/token`,
  logoutUrl: `${issuer}v2/logout`,
  apiBaseUrl: import.meta.env.VITE_ZFA_API_BASE_URL ?? 'http://127.0.0.1:4401/partner',
};

// StrictMode mounts twice in development: the provider still handles the
// callback once (one code exchange).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider config={config}>
      <App />
    </AuthProvider>
  </StrictMode>,
);
