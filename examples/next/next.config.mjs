import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
export default {
  // This app's own folder, not a workspace above it (the repository's).
  turbopack: { root: fileURLToPath(new URL('.', import.meta.url)) },
};
