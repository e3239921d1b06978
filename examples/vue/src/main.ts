import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { authGuard, createZaehlerfreundeAuthPlugin } from 'zaehlerfreunde-auth/vue';
import App from './App.vue';
import Home from './pages/Home.vue';
import Spaces from './pages/Spaces.vue';

// The local dev backend (npx zaehlerfreunde-dev-backend); for production,
// drop the four URLs and use your own clientId. redirectUri defaults to this
// origin + '/'.
const issuer = import.meta.env.VITE_ZFA_ISSUER ?? 'http://127.0.0.1:4400/';
const auth = createZaehlerfreundeAuthPlugin({
  clientId: 'zaehlerfreunde-local-demo',
  authorizeUrl: `${issuer}authorize`,
  tokenUrl: `${issuer}oauth/token`,
  logoutUrl: `${issuer}v2/logout`,
  apiBaseUrl: import.meta.env.VITE_ZFA_API_BASE_URL ?? 'http://127.0.0.1:4401/partner',
});

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: Home },
    // Logged-out users are sent to log in, and come back here.
    { path: '/spaces', component: Spaces, beforeEnter: authGuard },
  ],
});

createApp(App).use(auth).use(router).mount('#app');
