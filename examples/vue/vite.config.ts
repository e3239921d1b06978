import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { zaehlerfreundeAuth } from 'zaehlerfreunde-auth/vite';

export default defineConfig({ plugins: [vue(), zaehlerfreundeAuth()] });
