import { describeProfile } from './profile-suite.js';

describeProfile('desktop');
