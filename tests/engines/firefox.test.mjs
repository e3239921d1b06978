// The engine scenario (scenario.mjs) in Debian's Firefox ESR over WebDriver BiDi, by puppeteer-core.
import { firefox } from './engines.mjs';
import { engineScenario } from './scenario.mjs';

engineScenario(firefox);
