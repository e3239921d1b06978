import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { zaehlerfreundeAuth } from 'zaehlerfreunde-auth/vite';

export default defineConfig({ plugins: [react(), zaehlerfreundeAuth()] });
