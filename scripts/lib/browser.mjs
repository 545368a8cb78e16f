// @ts-check
// Debian's Chromium driven by playwright-core (playwright's own browser download cannot work
// offline). The flags keep Chromium from reaching out to the network at start.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.AIGUARD_CHROMIUM || '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
