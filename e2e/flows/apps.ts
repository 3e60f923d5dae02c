/** The journeys of each shop; the suites declare those of the app under test (E2E_APP). */
import type { AppName } from '../core/app.js';
import type { Journey } from '../core/journey.js';
import { journeys as boutiqueJourneys } from './journeys.js';
import { sockshopJourneys } from './sockshop-journeys.js';

export const journeysByApp: Record<AppName, Journey[]> = {
  boutique: boutiqueJourneys,
  sockshop: sockshopJourneys,
};
