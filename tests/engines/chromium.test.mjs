// The engine scenario (scenario.mjs) in Debian's Chromium, by playwright-core (as tests/e2e/; here it checks the scenario itself).
import { chromium } from './engines.mjs';
import { engineScenario } from './scenario.mjs';

engineScenario(chromium);
