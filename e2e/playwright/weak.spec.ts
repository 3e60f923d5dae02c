import { describeProfile } from './profile-suite.js';

describeProfile('weak');
