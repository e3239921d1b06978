import type { ReactNode } from 'react';
import { AuthProvider } from 'zaehlerfreunde-auth/react';

// The local dev backend (npx zaehlerfreunde-dev-backend; it allows
// http://localhost:3000); for production, drop the four URLs and use your own
// clientId. redirectUri defaults to the page's origin + '/'.
const issuer = process.env.NEXT_PUBLIC_ZFA_ISSUER ?? 'http://127.0.0.1:4400/';
const config = {
  clientId: 'zaehlerfreunde-local-demo',
  authorizeUrl: `${issuer}authorize`,
  tokenUrl: `${issuer}oauth/token`,
  logoutUrl: `${issuer}v2/logout`,
  apiBaseUrl: process.env.NEXT_PUBLIC_ZFA_API_BASE_URL ?? 'http://127.0.0.1:4401/partner',
};

// A server component: AuthProvider is a client component ('use client' in
// the package), rendered on the server as 'loading'.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AuthProvider config={config}>{children}</AuthProvider>
      </body>
    </html>
  );
}
