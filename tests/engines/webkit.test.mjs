// The engine scenario (scenario.mjs) in WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb, by selenium-webdriver.
import { webkit } from './engines.mjs';
import { engineScenario } from './scenario.mjs';

engineScenario(webkit);
