import { describeProfile } from './profile-suite.js';

// The slow-3g journeys that log in to the profile's demo account, in order (see profile-suite.ts).
describeProfile('slow-3g', 'account');
