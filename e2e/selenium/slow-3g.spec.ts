import { describeProfile } from './profile-suite.js';

describeProfile('slow-3g', 'no-account');
